using PortfolioSample.Domain.Common;

namespace PortfolioSample.Domain.Ordering;

/// <summary>
/// An order was placed and waits for confirmation. It carries the order itself because the order's id is only
/// known once the database has stored it.
/// </summary>
public sealed record OrderPlaced(Order Order, DateTimeOffset OccurredAt) : IDomainEvent;
