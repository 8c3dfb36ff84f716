namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// Delivers a batch to the handlers in this process in one transaction. If that fails, it delivers the messages one
/// at a time, in the order they became due, so that only the message at fault is retried or dead-lettered.
/// </summary>
public sealed class InProcessDelivery(MessageProcessor processor) : IOutboxDelivery
{
    public bool FailuresAreFinal => true;

    public async Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = new Exception?[batch.Count];
        var messages = batch.Select(message => new IncomingMessage(message.Id, message.Type, message.Payload)).ToList();
        try
        {
            await processor.ProcessAsync(messages, cancellationToken);
            return failures;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (batch.Count == 1)
            {
                failures[0] = exception;
                return failures;
            }
        }

        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                await processor.ProcessAsync([messages[i]], cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }
}
