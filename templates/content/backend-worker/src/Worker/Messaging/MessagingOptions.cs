using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Worker.Messaging;

/// <summary>The "Messaging" configuration section.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Whether this process consumes messages (the tests turn it off to drive the consumer themselves).</summary>
    public bool ConsumerEnabled { get; set; } = true;
#if (!UseRabbitMq)

    /// <summary>How many messages the consumer claims at a time.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>How long the consumer waits before looking again when the queue was empty.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claim lasts; a crashed consumer's messages are taken over after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
#endif

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

    /// <summary>Whether a failure ends the message's attempts: poison at once, anything else after <see cref="MaxAttempts"/>.</summary>
    public bool IsFinal(Exception exception, int attempts) => exception is PoisonMessageException || attempts >= MaxAttempts;
}
