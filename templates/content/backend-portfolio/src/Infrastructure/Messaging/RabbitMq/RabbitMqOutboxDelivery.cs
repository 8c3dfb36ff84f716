namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>
/// Delivers outbox messages to the durable queue through <see cref="RabbitMqPublisher"/>: a message counts as
/// delivered only once the broker has confirmed it, so the dispatcher never deletes an outbox row the broker could
/// still lose.
/// </summary>
public sealed class RabbitMqOutboxDelivery(RabbitMqPublisher publisher) : IOutboxDelivery
{
    /// <summary>A broker that is down is waited for: its failures never dead-letter a message.</summary>
    public bool FailuresAreFinal => false;

    public async Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = new Exception?[batch.Count];
        try
        {
            await publisher.ConnectAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Array.Fill(failures, exception);
            return failures;
        }

        // The whole batch is in flight at once; each publish completes when the broker confirms that message.
        var publishes = batch
            .Select(message => publisher.PublishAsync(message.Id, message.Type, message.Payload, cancellationToken))
            .ToArray();
        for (var i = 0; i < publishes.Length; i++)
        {
            try
            {
                await publishes[i];
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }
}
