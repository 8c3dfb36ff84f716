using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Hosting;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Features.Stock;

public sealed record StockLevelResponse(string Sku, int Quantity, DateTimeOffset UpdatedAt);

/// <summary>What the consumer has done: the stock it maintains from the messages it handled.</summary>
internal static class StockEndpoints
{
    public static IEndpointRouteBuilder MapStockEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/stock/{sku}", GetStockLevel).WithName(nameof(GetStockLevel)).WithTags(WorkerDocumentationExtensions.StockTag)
            .WithSummary("The quantity in stock of one SKU, as of the last message handled for it.")
            .WithDescription("The SKU is matched without regard to case or surrounding spaces; 404 until a message for it has been handled.");
        return endpoints;
    }

    private static async Task<Results<Ok<StockLevelResponse>, NotFound>> GetStockLevel(string sku, AppDbContext db, CancellationToken cancellationToken)
    {
        var normalized = sku.Trim().ToUpperInvariant();
        var level = await db.StockLevels
            .AsNoTracking()
            .Where(level => level.Sku == normalized)
            .Select(level => new StockLevelResponse(level.Sku, level.Quantity, level.UpdatedAt))
            .SingleOrDefaultAsync(cancellationToken);
        return level is null ? TypedResults.NotFound() : TypedResults.Ok(level);
    }
}
