using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Api.Common;
using PortfolioSample.Domain.Ordering;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Features.Orders;

internal sealed class OrderEndpoints : IEndpointGroup
{
    public int Position => 20;

    public string Tag => "Orders";

    public string Description => "Orders of catalogue products: each line keeps the price it was placed at.";

    private static readonly string[] LineRequired = ["An order line is required."];

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags(Tag);

        orders.MapGet("/", ListOrders).WithName(nameof(ListOrders)).WithSummary("Lists orders, a page at a time, optionally by status.")
            .WithDescription("Keyset paging in id order: pass the page's `nextCursor` as `cursor` for the next page. `status` takes one status name, spelled as listed.");
        orders.MapGet("/{id:int}", GetOrder).WithName(nameof(GetOrder)).WithSummary("Gets one order with its lines.")
            .WithDescription("Returns the order with its lines, its status and the `version` a cancellation must send back.");
        orders.MapPost("/", PlaceOrder).WithName(nameof(PlaceOrder)).WithSummary("Places an order for catalogue products.")
            .WithDescription("Each line names a catalogue product and a quantity; the line keeps the product's current price. Unknown products are reported per line (400).");
        orders.MapPost("/{id:int}/cancel", CancelOrder).WithName(nameof(CancelOrder)).WithSummary("Cancels a placed order.")
            .WithDescription("Send the `version` you read. An order that was changed since, or is no longer placed, is answered with 409 and stays as it is.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// The time as precisely as the database stores it (PostgreSQL to the microsecond; the MySQL provider's `datetime`
    /// column to the second): the order in a 201 or 200 answer is then the order a later read returns, on every engine.
    /// </summary>
    private static DateTimeOffset StoredNow(TimeProvider clock)
    {
#if (UseMySql)
        const long precision = TimeSpan.TicksPerSecond;
#else
        const long precision = TimeSpan.TicksPerMicrosecond;
#endif
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % precision));
    }

    private static async Task<Ok<Page<OrderSummaryResponse>>> ListOrders(
        AppDbContext db,
        CancellationToken cancellationToken,
        [EnumName<OrderStatus>] string? status = null,
        [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit,
        [Range(0, int.MaxValue)] int cursor = 0)
    {
        var query = db.Orders.AsNoTracking().Where(order => order.Id > cursor);
        if (status is not null)
        {
            var wanted = Enum.Parse<OrderStatus>(status);
            query = query.Where(order => order.Status == wanted);
        }

        var rows = await query
            .OrderBy(order => order.Id)
            .Take(limit + 1)
            .Select(OrderSummaryResponse.Projection)
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(Paging.ToPage(rows, limit, order => order.Id));
    }

    private static async Task<Results<Ok<OrderResponse>, NotFound>> GetOrder(int id, AppDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders
            .AsNoTracking()
            .Where(order => order.Id == id)
            .Select(OrderResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken);

        return order is null ? TypedResults.NotFound() : TypedResults.Ok(order);
    }

    private static async Task<Results<CreatedAtRoute<OrderResponse>, ValidationProblem>> PlaceOrder(
        PlaceOrderRequest request,
        AppDbContext db,
        TimeProvider clock,
        OrderMetrics metrics,
        CancellationToken cancellationToken)
    {
        // The validator checks each line's fields but skips a null line entirely, so reject those here.
        var missingLines = request.Lines
            .Select((line, index) => (line, index))
            .Where(entry => entry.line is null)
            .ToDictionary(entry => $"{nameof(PlaceOrderRequest.Lines)}[{entry.index}]", _ => LineRequired);
        if (missingLines.Count > 0)
        {
            return TypedResults.ValidationProblem(missingLines);
        }

        var productIds = request.Lines.Select(line => line.ProductId).Distinct().ToList();
        var products = await db.Products
            .AsNoTracking()
            .Where(product => productIds.Contains(product.Id))
            .ToDictionaryAsync(product => product.Id, cancellationToken);

        var unknown = request.Lines
            .Select((line, index) => (line.ProductId, index))
            .Where(line => !products.ContainsKey(line.ProductId))
            .ToDictionary(
                line => $"{nameof(PlaceOrderRequest.Lines)}[{line.index}].{nameof(OrderLineRequest.ProductId)}",
                line => new[] { $"Product {line.ProductId} does not exist." });
        if (unknown.Count > 0)
        {
            return TypedResults.ValidationProblem(unknown);
        }

        var order = Order.Place(
            request.CustomerEmail,
            request.Lines.Select(line => (products[line.ProductId], line.Quantity)),
            StoredNow(clock));
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        metrics.OrderPlaced();

        return TypedResults.CreatedAtRoute(OrderResponse.From(order), nameof(GetOrder), new { id = order.Id });
    }

    private static async Task<Results<Ok<OrderResponse>, NotFound, ProblemHttpResult>> CancelOrder(
        int id,
        CancelOrderRequest request,
        AppDbContext db,
        TimeProvider clock,
        OrderMetrics metrics,
        CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(order => order.Lines).SingleOrDefaultAsync(order => order.Id == id, cancellationToken);
        if (order is null)
        {
            return TypedResults.NotFound();
        }

        db.Entry(order).Property(o => o.Version).OriginalValue = request.Version;
        if (!order.TryCancel(StoredNow(clock)))
        {
            return Problems.Conflict($"Order {id} is {order.Status} and can no longer be cancelled.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"Order {id} was changed by someone else. Read it again and retry with the current version.");
        }

        metrics.OrderCancelled();
        return TypedResults.Ok(OrderResponse.From(order));
    }
}
