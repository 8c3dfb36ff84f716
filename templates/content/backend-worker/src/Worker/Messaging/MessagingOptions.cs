#if (!UseRabbitMq)
using System.ComponentModel.DataAnnotations;

#endif
namespace PortfolioSample.Worker.Messaging;

/// <summary>The "Messaging" configuration section: the consumer's settings and the retries (<see cref="RetryOptions"/>).</summary>
public sealed class MessagingOptions : RetryOptions
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
}
