namespace PortfolioSample.Worker.Messaging;

/// <summary>
/// The inbox: one row per message a consumer has handled, inserted in the same transaction as the consumer's
/// effect. Its primary key makes a second delivery of the same message a no-op.
/// </summary>
public sealed class ProcessedMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
{
    public const int ConsumerMaxLength = 100;

    public Guid MessageId { get; private set; } = messageId;

    public string Consumer { get; private set; } = consumer;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}
