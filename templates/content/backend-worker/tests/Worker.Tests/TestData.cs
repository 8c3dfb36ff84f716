using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Features.Intake;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Tests;

internal static class TestData
{
    /// <summary>Queues a stock-received message through the intake endpoint and returns its id.</summary>
    public static async Task<Guid> SendStockReceivedAsync(this HttpClient client, string sku, int quantity, Guid? id = null)
    {
        var response = await client.PostAsJsonAsync("/api/messages", new { id, type = StockReceivedMessage.MessageType, payload = new { sku, quantity } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EnqueuedMessageResponse>())!.Id;
    }

    /// <summary>
    /// Queues ten stock-received messages for <paramref name="sku"/> (quantities 1 to 10, 55 units in all), then sends
    /// each again with its id, as a producer that retries does; returns the ten ids.
    /// </summary>
    public static async Task<List<Guid>> SendTenEachTwiceAsync(this HttpClient client, string sku)
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 10; i++)
        {
            ids.Add(await client.SendStockReceivedAsync(sku, i));
        }

        foreach (var (id, i) in ids.Select((id, index) => (id, index + 1)))
        {
            await client.SendStockReceivedAsync(sku, i, id);
        }

        return ids;
    }

    /// <summary>A SKU no other test uses, so tests sharing a database never see each other's stock.</summary>
    public static string NewSku() => "SKU-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public static async Task<int?> QuantityAsync(this IServiceProvider services, string sku)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().StockLevels
            .Where(level => level.Sku == sku).Select(level => (int?)level.Quantity).SingleOrDefaultAsync();
    }

    public static async Task<T> QueryAsync<T>(this IServiceProvider services, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Waits until <paramref name="condition"/> holds, for work that happens in the background.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(50);
        }
    }
}
