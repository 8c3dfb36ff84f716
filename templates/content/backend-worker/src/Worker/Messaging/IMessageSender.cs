namespace PortfolioSample.Worker.Messaging;

/// <summary>Puts new messages in the queue: the intake endpoint and dead-letter replays send through it.</summary>
public interface IMessageSender
{
    /// <summary>
    /// Queues a message durably: when this returns, a crash can no longer lose it. Queuing an id that is already
    /// waiting is harmless: the consumer's inbox handles a message id once.
    /// </summary>
    Task SendAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken);
}
