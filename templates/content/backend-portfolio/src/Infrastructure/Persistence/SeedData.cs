using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Domain.Catalog;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Infrastructure.Persistence;

/// <summary>
/// A small catalogue and one order, so that a freshly started API has something to show.
/// EF Core runs this after migrations are applied, and only while the catalogue is empty.
/// </summary>
public static class SeedData
{
    private static readonly DateTimeOffset SeededAt = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// Seeds an empty database with the demo data whenever migrations are applied (Database:SeedDemoData, on in
    /// Development only). It adds to the <see cref="AppDbContext"/> registration, whichever engine that uses.
    /// </summary>
    public static IServiceCollection AddDemoSeedData(this IServiceCollection services) =>
        services.ConfigureDbContext<AppDbContext>(options => options
            .UseSeeding((context, _) => Seed(context))
            .UseAsyncSeeding((context, _, cancellationToken) => SeedAsync(context, cancellationToken)));

    private static async Task SeedAsync(DbContext context, CancellationToken cancellationToken)
    {
        var products = context.Set<Product>();
        if (await products.AnyAsync(cancellationToken))
        {
            return;
        }

        Product[] catalogue =
        [
            new("KB-101", "Mechanical keyboard", 89.90m),
            new("MS-204", "Wireless mouse", 34.50m),
            new("MN-270", "27-inch 4K monitor", 329.00m),
            new("HS-310", "Noise-cancelling headset", 149.00m),
            new("DK-420", "USB-C docking station", 189.99m),
            new("CB-050", "USB-C cable, 2 m", 12.90m),
        ];
        products.AddRange(catalogue);
        await context.SaveChangesAsync(cancellationToken);

        context.Set<Order>().Add(Order.Place(
            "ada@example.com",
            [(catalogue[0], 1), (catalogue[1], 2)],
            SeededAt));
        await context.SaveChangesAsync(cancellationToken);
    }

    private static void Seed(DbContext context) => SeedAsync(context, CancellationToken.None).GetAwaiter().GetResult();
}
