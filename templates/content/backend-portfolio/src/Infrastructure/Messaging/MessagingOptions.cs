using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>The "Messaging" configuration section: the outbox dispatcher's settings and the retries (<see cref="RetryOptions"/>).</summary>
public sealed class MessagingOptions : RetryOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Whether this process runs the outbox dispatcher (every instance may; claims keep them apart).</summary>
    public bool DispatcherEnabled { get; set; } = true;
#if (UseRabbitMq)

    /// <summary>Whether this process consumes the broker's queue when it hosts the consumer (src/Worker).</summary>
    public bool ConsumerEnabled { get; set; } = true;
#endif

    /// <summary>How many messages one dispatcher claims at a time.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long the dispatcher waits before looking again when the outbox was empty.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claim lasts; a crashed dispatcher's messages are taken over after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}
