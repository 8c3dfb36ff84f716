using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Api.Features.Orders;

public sealed record OrderSummaryResponse(int Id, string CustomerEmail, OrderStatus Status, DateTimeOffset PlacedAt, decimal Total, int Version)
{
    internal static readonly Expression<Func<Order, OrderSummaryResponse>> Projection =
        order => new OrderSummaryResponse(order.Id, order.CustomerEmail, order.Status, order.PlacedAt, order.Total, order.Version);
}

public sealed record OrderLineResponse(int ProductId, string ProductName, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record OrderResponse(
    int Id,
    string CustomerEmail,
    OrderStatus Status,
    DateTimeOffset PlacedAt,
    DateTimeOffset? CancelledAt,
    decimal Total,
    int Version,
    IReadOnlyList<OrderLineResponse> Lines)
{
    /// <summary>The one mapping from entity to response, translated to SQL when used in a query.</summary>
    internal static readonly Expression<Func<Order, OrderResponse>> Projection =
        order => new OrderResponse(
            order.Id,
            order.CustomerEmail,
            order.Status,
            order.PlacedAt,
            order.CancelledAt,
            order.Total,
            order.Version,
            order.Lines
                .OrderBy(line => line.Id)
                // Rounded to the cents a price has: PostgreSQL multiplies the price by the quantity as numeric(18,2)
                // twice over, which reads back as 34.5000 where the 201 answer said 34.50.
                .Select(line => new OrderLineResponse(line.ProductId, line.ProductName, line.UnitPrice, line.Quantity, Math.Round(line.UnitPrice * line.Quantity, 2)))
                .ToList());

    private static readonly Func<Order, OrderResponse> CompiledProjection = Projection.Compile();

    internal static OrderResponse From(Order order) => CompiledProjection(order);
}

public sealed record PlaceOrderRequest(
    [property: Required, EmailAddress, StringLength(Order.CustomerEmailMaxLength)]
    string CustomerEmail,
    [property: Required, MinLength(1), MaxLength(Order.MaxLines)]
    IReadOnlyList<OrderLineRequest> Lines);

public sealed record OrderLineRequest(
    [property: Range(1, int.MaxValue)]
    int ProductId,
    [property: Range(1, 1_000)]
    int Quantity);

/// <param name="Version">The version the client last read; a stale version is answered with 409 Conflict.</param>
public sealed record CancelOrderRequest(
    [property: Range(0, int.MaxValue)]
    int Version);
