using PortfolioSample.Domain.Catalog;
#if (!NoMessaging)
using PortfolioSample.Domain.Common;
#endif

namespace PortfolioSample.Domain.Ordering;

/// <summary>An order placed by a customer: the aggregate root that owns its lines and guards its status.</summary>
#if (!NoMessaging)
public sealed class Order : IHasDomainEvents
#else
public sealed class Order
#endif
{
    public const int CustomerEmailMaxLength = 320;
    public const int MaxLines = 50;

    private readonly List<OrderLine> _lines = [];
#if (!NoMessaging)
    private readonly List<IDomainEvent> _domainEvents = [];
#endif

    // For EF Core materialisation.
    private Order()
    {
        CustomerEmail = string.Empty;
    }

    private Order(string customerEmail, DateTimeOffset placedAt)
    {
        CustomerEmail = customerEmail;
        PlacedAt = placedAt;
        Status = OrderStatus.Placed;
    }

    public int Id { get; private set; }

    public string CustomerEmail { get; private set; }

    public OrderStatus Status { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }
#if (!NoMessaging)

    /// <summary>When the worker reserved the stock and confirmed the order.</summary>
    public DateTimeOffset? ConfirmedAt { get; private set; }
#endif

    /// <summary>Optimistic concurrency token; see <see cref="Product.Version"/>.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>The amount charged, fixed when the order is placed.</summary>
    public decimal Total { get; private set; }
#if (!NoMessaging)

    public IReadOnlyCollection<IDomainEvent> DomainEvents => _domainEvents;
#endif

    /// <summary>
    /// Places an order for the given products. Quantities of a product listed twice are merged, and the lines are kept
    /// in product order: saving them then visits their products in the order every other writer does (MySQL and
    /// MariaDB lock a line's product to check its foreign key), so concurrent writers wait for each other rather than
    /// deadlock.
    /// </summary>
    public static Order Place(string customerEmail, IEnumerable<(Product Product, int Quantity)> items, DateTimeOffset placedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerEmail);
        ArgumentNullException.ThrowIfNull(items);

        var order = new Order(customerEmail.Trim(), placedAt);
        foreach (var group in items.GroupBy(item => item.Product).OrderBy(group => group.Key.Id))
        {
            var product = group.Key;
            order._lines.Add(new OrderLine(product.Id, product.Name, product.UnitPrice, group.Sum(item => item.Quantity)));
        }

        if (order._lines.Count == 0)
        {
            throw new ArgumentException("An order needs at least one line.", nameof(items));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(order._lines.Count, MaxLines, nameof(items));
        order.Total = order._lines.Sum(line => line.LineTotal);
#if (!NoMessaging)
        order._domainEvents.Add(new OrderPlaced(order, placedAt));
#endif
        return order;
    }

    /// <summary>Cancels the order. Returns <see langword="false"/> when the order can no longer be cancelled.</summary>
    public bool TryCancel(DateTimeOffset cancelledAt)
    {
        if (Status != OrderStatus.Placed)
        {
            return false;
        }

        Status = OrderStatus.Cancelled;
        CancelledAt = cancelledAt;
        Version++;
        return true;
    }
#if (!NoMessaging)

    /// <summary>
    /// Confirms a placed order once its stock is reserved. Returns <see langword="false"/> when there is nothing to
    /// confirm: the order was cancelled first, or is already confirmed.
    /// </summary>
    public bool TryConfirm(DateTimeOffset confirmedAt)
    {
        if (Status != OrderStatus.Placed)
        {
            return false;
        }

        Status = OrderStatus.Confirmed;
        ConfirmedAt = confirmedAt;
        Version++;
        return true;
    }

    public void ClearDomainEvents() => _domainEvents.Clear();
#endif
}
