namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// Delivers a batch to the handlers in this process, in one transaction or, if that fails, one message at a time in
/// the order they became due, so that only the message at fault is retried or dead-lettered.
/// </summary>
public sealed class InProcessDelivery(MessageProcessor processor) : IOutboxDelivery
{
    public bool FailuresAreFinal => true;

    public Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return processor.ProcessIsolatingFailuresAsync(
            [.. batch.Select(message => new IncomingMessage(message.Id, message.Type, message.Payload))],
            cancellationToken);
    }
}
