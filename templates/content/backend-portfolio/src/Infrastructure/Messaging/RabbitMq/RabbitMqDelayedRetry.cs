using System.Text;
using RabbitMQ.Client;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>
/// Backoff on the broker: a message that failed waits out <paramref name="Delay"/> in a durable retry queue whose
/// time-to-live is the delay; when it expires, the broker dead-letters it back to <paramref name="MainQueue"/>
/// (RabbitMQ's TTL and dead-letter routing, no plugin). There is one retry queue per delay because a queue expires
/// messages only from its head: a 1 s retry must not wait behind a 60 s one.
/// </summary>
public sealed record RabbitMqDelayedRetry(string MainQueue, TimeSpan Delay)
{
    /// <summary>The header that carries how many times a message has failed, on the copies in the retry queues.</summary>
    private const string FailedAttemptsHeader = "failed-attempts";

    /// <summary>How long an unused retry queue outlives its message time-to-live before the broker deletes it.</summary>
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    /// <summary>The retry queue of this delay.</summary>
    public string QueueName => $"{MainQueue}.retry.{TimeToLive}ms";

    private long TimeToLive => (long)Delay.TotalMilliseconds;

    /// <summary>0 for a first delivery; the copies in a retry queue carry the count (an int).</summary>
    public static int FailedAttemptsOf(IReadOnlyBasicProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return properties.Headers is { } headers && headers.TryGetValue(FailedAttemptsHeader, out var value) && value is int count and > 0
            ? count
            : 0;
    }

    /// <summary>
    /// Publishes a copy of the message, with its failure count, to the retry queue. On a channel with publisher confirms
    /// the task completes once the broker has the copy, so the caller acknowledges the original only then: a crash in
    /// between means a duplicate, which the inbox absorbs, never a loss.
    /// </summary>
    public async Task PublishAsync(IChannel channel, Guid messageId, string type, string payload, int failedAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);

        // Declared on every retry (retries are rare): this keeps the queue from expiring while it holds the copy.
        await channel.QueueDeclareAsync(
            QueueName,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-message-ttl"] = TimeToLive,
                ["x-dead-letter-exchange"] = string.Empty,
                ["x-dead-letter-routing-key"] = MainQueue,
                ["x-expires"] = TimeToLive + (long)Expiry.TotalMilliseconds,
            },
            cancellationToken: cancellationToken);

        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = type,
            ContentType = "application/json",
            Persistent = true,
            Headers = new Dictionary<string, object?> { [FailedAttemptsHeader] = failedAttempts },
        };
        await channel.BasicPublishAsync(
            exchange: string.Empty,
            routingKey: QueueName,
            mandatory: true,
            basicProperties: properties,
            body: Encoding.UTF8.GetBytes(payload),
            cancellationToken: cancellationToken);
    }
}
