using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Messaging;

namespace PortfolioSample.Worker.Tests;

/// <summary>The handler behind the processor against the real database: its effect, its inbox and its batches.</summary>
public sealed class StockReceivedHandlerTests(WorkerFactory factory) : IClassFixture<WorkerFactory>
{
    private MessageProcessor Processor => factory.Services.GetRequiredService<MessageProcessor>();

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

    [DatabaseFact]
    public async Task A_batch_commits_together_and_a_message_twice_in_it_counts_once()
    {
        var (first, second) = (TestData.NewSku(), TestData.NewSku());
        var repeated = Message(first, 2);
        var handledBefore = Message(second, 100);
        Assert.Equal(1, await Processor.ProcessAsync([handledBefore], CancellationToken.None));

        var handled = await Processor.ProcessAsync([repeated, Message(second, 3), repeated, handledBefore, Message(first.ToLowerInvariant(), 5)], CancellationToken.None);

        Assert.Equal(3, handled);
        Assert.Equal(7, await factory.Services.QuantityAsync(first));
        Assert.Equal(103, await factory.Services.QuantityAsync(second));
        Assert.Equal(1, await factory.Services.QueryAsync(db => db.ProcessedMessages.CountAsync(message => message.MessageId == repeated.Id)));
    }

    [DatabaseFact]
    public async Task A_batch_with_a_poison_message_commits_nothing()
    {
        var sku = TestData.NewSku();
        var valid = Message(sku, 4);

        await Assert.ThrowsAsync<PoisonMessageException>(() => Processor.ProcessAsync([valid, Message(sku, -1)], CancellationToken.None));

        Assert.Null(await factory.Services.QuantityAsync(sku));
        Assert.False(await factory.Services.QueryAsync(db => db.ProcessedMessages.AnyAsync(message => message.MessageId == valid.Id)));
    }

    [DatabaseFact]
    public async Task Isolating_failures_handles_every_message_but_the_ones_at_fault()
    {
        var sku = TestData.NewSku();
        var batch = Enumerable.Range(1, 9).Select(quantity => Message(sku, quantity)).ToList();
        batch[2] = Message(sku, 0);
        batch[7] = new IncomingMessage(Guid.NewGuid(), "order-shipped.v9", "{}");

        var failures = await Processor.ProcessIsolatingFailuresAsync(batch, CancellationToken.None);

        Assert.Equal([2, 7], Enumerable.Range(0, batch.Count).Where(index => failures[index] is not null));
        Assert.All(failures.OfType<Exception>(), failure => Assert.IsType<PoisonMessageException>(failure));
        // 1 + 2 + 4 + 5 + 6 + 7 + 9: every message but the two at fault, each once.
        Assert.Equal(34, await factory.Services.QuantityAsync(sku));
        var ids = batch.Select(message => message.Id).ToList();
        Assert.Equal(7, await factory.Services.QueryAsync(db => db.ProcessedMessages.CountAsync(message => ids.Contains(message.MessageId))));
    }

    private static IncomingMessage Message(string sku, int quantity) =>
        new(Guid.NewGuid(), StockReceivedMessage.MessageType, $$"""{"sku":"{{sku}}","quantity":{{quantity}}}""");

    /// <summary>One message on its own; <see langword="false"/> when it was a duplicate.</summary>
    private async Task<bool> HandleAsync(Guid messageId, string sku, int quantity) =>
        await Processor.ProcessAsync([Message(sku, quantity) with { Id = messageId }], CancellationToken.None) == 1;

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
