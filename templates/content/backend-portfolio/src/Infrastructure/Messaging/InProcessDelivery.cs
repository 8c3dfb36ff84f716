namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>Delivers each message to its handler in this process, one after another, in the order they became due.</summary>
public sealed class InProcessDelivery(MessageProcessor processor) : IOutboxDelivery
{
    public bool FailuresAreFinal => true;

    public async Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await processor.ProcessAsync(batch[i].Id, batch[i].Type, batch[i].Payload, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }
}
