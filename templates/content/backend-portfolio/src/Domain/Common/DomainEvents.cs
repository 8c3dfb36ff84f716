namespace PortfolioSample.Domain.Common;

/// <summary>Something that happened in the domain and that other parts of the system react to.</summary>
public interface IDomainEvent
{
    DateTimeOffset OccurredAt { get; }
}

/// <summary>
/// An aggregate that records domain events. Persistence turns them into outbox messages in the same transaction
/// as the aggregate's own changes, so an event is published if and only if the change is committed.
/// </summary>
public interface IHasDomainEvents
{
    IReadOnlyCollection<IDomainEvent> DomainEvents { get; }

    void ClearDomainEvents();
}
