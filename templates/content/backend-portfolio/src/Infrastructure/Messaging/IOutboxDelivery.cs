namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>Where the outbox dispatcher hands messages over.</summary>
public interface IOutboxDelivery
{
    /// <summary>
    /// Whether a message that still fails after every attempt goes to the dead letters. True when a failure is the
    /// handler's; false when it is only the transport's (a broker that is down), which is retried for as long as it takes.
    /// </summary>
    bool FailuresAreFinal { get; }

    /// <summary>Delivers a batch; returns, in the same order, <see langword="null"/> or why each message failed.</summary>
    Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken);
}
