using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Tests;

/// <summary>The handler against the real database: its effect, and its inbox.</summary>
public sealed class StockReceivedHandlerTests(WorkerFactory factory) : IClassFixture<WorkerFactory>
{
    [DatabaseFact]
    public async Task The_first_message_for_a_sku_creates_its_stock_and_later_ones_add_to_it()
    {
        var sku = TestData.NewSku();

        Assert.True(await HandleAsync(Guid.NewGuid(), sku, 5));
        Assert.True(await HandleAsync(Guid.NewGuid(), sku.ToLowerInvariant(), 7));

        Assert.Equal(12, await factory.Services.QuantityAsync(sku));
    }

    [DatabaseFact]
    public async Task A_message_delivered_twice_has_its_effect_once()
    {
        var sku = TestData.NewSku();
        var messageId = Guid.NewGuid();

        Assert.True(await HandleAsync(messageId, sku, 4));
        Assert.False(await HandleAsync(messageId, sku, 4));

        Assert.Equal(4, await factory.Services.QuantityAsync(sku));
        Assert.Equal(1, await factory.Services.QueryAsync(db => db.ProcessedMessages.CountAsync(message => message.MessageId == messageId)));
    }

    [DatabaseFact]
    public async Task Concurrent_deliveries_of_different_messages_lose_no_increment()
    {
        var sku = TestData.NewSku();
        Assert.True(await HandleAsync(Guid.NewGuid(), sku, 1)); // the row exists, so every delivery below is an UPDATE

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RetryingAsync(() => HandleAsync(Guid.NewGuid(), sku, 10))));

        Assert.Equal(81, await factory.Services.QuantityAsync(sku));
    }

    [DatabaseFact]
    public async Task A_poison_message_changes_nothing()
    {
        var sku = TestData.NewSku();
        var messageId = Guid.NewGuid();

        await Assert.ThrowsAsync<PoisonMessageException>(() => HandleAsync(messageId, sku, 0));

        Assert.Null(await factory.Services.QuantityAsync(sku));
        Assert.False(await factory.Services.QueryAsync(db => db.ProcessedMessages.AnyAsync(message => message.MessageId == messageId)));
    }

    private async Task<bool> HandleAsync(Guid messageId, string sku, int quantity)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<StockReceivedHandler>();
        return await handler.HandleAsync(messageId, new StockReceivedMessage(sku, quantity), CancellationToken.None);
    }

    /// <summary>As the consumers do: an engine may refuse a conflicting transaction (SQLite: busy), and a retry succeeds.</summary>
    private static async Task RetryingAsync(Func<Task<bool>> handle)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handle();
                return;
            }
            catch (Exception exception) when (attempt < 20 && exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                await Task.Delay(20 * attempt);
            }
        }
    }
}
