using System.Text.Json.Serialization;
using Acme.Orders.Domain.Ordering;
using Microsoft.EntityFrameworkCore;
using Wolverine.Attributes;
using Wolverine.Http;

namespace PeerWolverine;

/// <summary>The message, with the generated pipeline's type name and JSON: <c>{"orderId":42}</c>.</summary>
[MessageIdentity("order-placed.v1")]
public sealed record OrderPlacedMessage([property: JsonPropertyName("orderId")] int OrderId);

public sealed record PlaceOrderRequest(string CustomerEmail, IReadOnlyList<OrderLineRequest?>? Lines);

public sealed record OrderLineRequest(int ProductId, int Quantity);

/// <summary>
/// POST /api/orders: the generated endpoint's work (every line names an existing product; the order with its lines;
/// 201 with the order as the generated API writes it), with the message cascaded through Wolverine's outbox. The
/// transactional middleware opened the transaction before this runs and commits the order, the outgoing envelope and
/// nothing else together after it; the first save gives the order its id, which the message carries.
/// </summary>
public static class PlaceOrderEndpoint
{
    [WolverinePost("/api/orders")]
    public static async Task<(IResult, OrderPlacedMessage?)> Post(PlaceOrderRequest request, OrdersDbContext db, CancellationToken cancellationToken)
    {
        if (request.Lines is not { Count: > 0 and <= Order.MaxLines } lines || lines.Any(line => line is null or { Quantity: < 1 or > 1_000 })
            || string.IsNullOrWhiteSpace(request.CustomerEmail))
        {
            return (Results.ValidationProblem(new Dictionary<string, string[]> { ["Lines"] = ["Each order needs 1 to 50 valid lines."] }), null);
        }

        var productIds = lines.Select(line => line!.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(product => productIds.Contains(product.Id)).ToDictionaryAsync(product => product.Id, cancellationToken);
        if (products.Count != productIds.Count)
        {
            return (Results.ValidationProblem(new Dictionary<string, string[]> { ["Lines"] = ["A product does not exist."] }), null);
        }

        var order = Order.Place(request.CustomerEmail, lines.Select(line => (products[line!.ProductId], line.Quantity)), DateTimeOffset.UtcNow);
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);

        // The generated API's OrderResponse, property for property.
        var responseLines = order.Lines.Select(line => new { line.ProductId, line.ProductName, line.UnitPrice, line.Quantity, line.LineTotal });
        var body = new { order.Id, order.CustomerEmail, order.Status, order.PlacedAt, order.CancelledAt, order.Total, order.Version, Lines = responseLines };
        return (Results.Created($"/api/orders/{order.Id}", body), new OrderPlacedMessage(order.Id));
    }
}

/// <summary>
/// The worker: confirms the order and reserves its stock with the generated handler's statement (one UPDATE computed by
/// the database). The transactional middleware saves the confirmation and marks the inbox envelope handled in the same
/// transaction, so a message delivered twice has its effect once.
/// </summary>
public static class OrderPlacedHandler
{
    public static async Task Handle(OrderPlacedMessage message, OrdersDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(order => order.Lines).SingleOrDefaultAsync(order => order.Id == message.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {message.OrderId} does not exist.");
        if (!order.TryConfirm(DateTimeOffset.UtcNow))
        {
            return;
        }

        // The generated handler's UPDATE, for this order's lines.
        var productIds = order.Lines.Select(line => line.ProductId).Distinct().ToList();
        var lines = db.Set<OrderLine>().Where(line => line.OrderId == order.Id);
        await db.Products.Where(product => productIds.Contains(product.Id)).ExecuteUpdateAsync(set => set.SetProperty(
            product => product.ReservedQuantity, product => product.ReservedQuantity + lines.Where(line => line.ProductId == product.Id).Sum(line => line.Quantity)), cancellationToken);
    }
}
