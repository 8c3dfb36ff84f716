using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>The "Messaging" configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Whether this process runs the outbox dispatcher (every instance may; claims keep them apart).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How many messages one dispatcher claims at a time.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long the dispatcher waits before looking again when the outbox was empty.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claim lasts; a crashed dispatcher's messages are taken over after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a message that keeps failing goes to the dead letters.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; it doubles after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The exponential backoff before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failedAttempts);
        var delay = RetryBaseDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }
}
