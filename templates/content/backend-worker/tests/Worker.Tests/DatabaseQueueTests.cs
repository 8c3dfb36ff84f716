using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Common;
using PortfolioSample.Worker.Features.DeadLetters;
using PortfolioSample.Worker.Messaging.InProcess;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Tests;

/// <summary>The worker with a database command that can be made to fail, to show retries and dead letters.</summary>
public sealed class FaultyWorkerFactory : WorkerFactory
{
    public FailingStockWrites Failures { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:MaxAttempts", "3");
        builder.ConfigureServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Failures)));
    }
}

/// <summary>The database queue, with the consumer driven one batch at a time on a fake clock.</summary>
public sealed class DatabaseQueueTests(FaultyWorkerFactory factory) : IClassFixture<FaultyWorkerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private DatabaseQueueConsumer Consumer => factory.Services.GetRequiredService<DatabaseQueueConsumer>();

    [DatabaseFact]
    public async Task A_queued_message_is_consumed_once_and_leaves_the_queue()
    {
        var sku = TestData.NewSku();
        var id = await _client.SendStockReceivedAsync(sku, 5);
        Assert.True(await factory.Services.QueryAsync(db => db.QueuedMessages.AnyAsync(message => message.Id == id)));

        await ConsumeAllAsync();

        Assert.Equal(5, await factory.Services.QuantityAsync(sku));
        Assert.False(await factory.Services.QueryAsync(db => db.QueuedMessages.AnyAsync(message => message.Id == id)));
        Assert.True(await factory.Services.QueryAsync(db => db.ProcessedMessages.AnyAsync(message => message.MessageId == id)));
    }

    [DatabaseFact]
    public async Task The_same_message_sent_again_later_changes_nothing()
    {
        var sku = TestData.NewSku();
        var id = await _client.SendStockReceivedAsync(sku, 3);
        await ConsumeAllAsync();

        await _client.SendStockReceivedAsync(sku, 3, id);
        await _client.SendStockReceivedAsync(sku, 3, id);
        await ConsumeAllAsync();

        Assert.Equal(3, await factory.Services.QuantityAsync(sku));
        Assert.Equal(0, await factory.Services.QueryAsync(db => db.QueuedMessages.CountAsync()));
    }

    [DatabaseFact]
    public async Task A_poison_message_is_dead_lettered_at_once_with_the_reason()
    {
        var id = await _client.SendStockReceivedAsync(TestData.NewSku(), -2);

        await ConsumeAllAsync();

        var letter = await DeadLetterAsync(id);
        Assert.Equal(1, letter.Attempts);
        Assert.Contains("PoisonMessageException: The quantity must be between 1 and", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await factory.Services.QueryAsync(db => db.QueuedMessages.CountAsync()));
    }

    [DatabaseFact]
    public async Task A_malformed_message_of_an_unknown_type_is_dead_lettered()
    {
        var response = await _client.PostAsJsonAsync("/api/messages", new { type = "order-shipped.v9", payload = new { orderId = 1 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await ConsumeAllAsync();

        var page = await _client.GetFromJsonAsync<Page<DeadLetterResponse>>("/api/dead-letters?limit=100");
        Assert.Contains(page!.Items, letter => letter.Reason == "PoisonMessageException: Unknown message type 'order-shipped.v9'.");
    }

    [DatabaseFact]
    public async Task A_failing_message_is_retried_after_an_exponential_backoff_and_then_succeeds()
    {
        var sku = TestData.NewSku();
        var id = await _client.SendStockReceivedAsync(sku, 2);
        factory.Failures.Remaining = 2;

        await ConsumeAllAsync(); // attempt 1 fails: due again in 1 s
        Assert.Equal(1, await AttemptsAsync(id));
        factory.Clock.Advance(TimeSpan.FromMilliseconds(900));
        await ConsumeAllAsync(); // not due yet
        Assert.Equal(1, await AttemptsAsync(id));
        factory.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await ConsumeAllAsync(); // attempt 2 fails: due again in 2 s
        Assert.Equal(2, await AttemptsAsync(id));
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await ConsumeAllAsync(); // attempt 3 succeeds

        Assert.Equal(2, await factory.Services.QuantityAsync(sku));
        Assert.Null(await AttemptsAsync(id));
    }

    [DatabaseFact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_after_the_last_attempt()
    {
        var id = await _client.SendStockReceivedAsync(TestData.NewSku(), 1);
        factory.Failures.Remaining = 3;

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await ConsumeAllAsync();
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var letter = await DeadLetterAsync(id);
        Assert.Equal(3, letter.Attempts);
        Assert.Equal("TimeoutException: The database did not answer in time (simulated).", letter.Reason);
        factory.Failures.Remaining = 0;
    }

    [DatabaseFact]
    public async Task A_message_claimed_by_a_consumer_that_crashed_is_taken_over_when_its_lease_expires()
    {
        var sku = TestData.NewSku();
        var id = await _client.SendStockReceivedAsync(sku, 6);
        // Another instance claimed it and died before handling it: its lease (30 s) still runs.
        var leaseEnd = factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(30);
        Guid? token = Guid.NewGuid();
        await factory.Services.QueryAsync(db => db.QueuedMessages.Where(message => message.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(message => message.LockedUntil, leaseEnd).SetProperty(message => message.LockToken, token)));

        await ConsumeAllAsync();
        Assert.Null(await factory.Services.QuantityAsync(sku));

        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        await ConsumeAllAsync();
        Assert.Equal(6, await factory.Services.QuantityAsync(sku));
    }

    [DatabaseFact]
    public async Task A_replayed_dead_letter_goes_back_to_the_queue_with_its_message_id()
    {
        var id = await _client.SendStockReceivedAsync(TestData.NewSku(), 0);
        await ConsumeAllAsync();
        var letter = await DeadLetterAsync(id);

        var replay = await _client.PostAsync(new Uri($"/api/dead-letters/{letter.Id}/replay", UriKind.Relative), null);
        var again = await _client.PostAsync(new Uri($"/api/dead-letters/{letter.Id}/replay", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.True(await factory.Services.QueryAsync(db => db.QueuedMessages.AnyAsync(message => message.Id == id)));
        Assert.False(await factory.Services.QueryAsync(db => db.DeadLetters.AnyAsync(dead => dead.MessageId == id)));
        await ConsumeAllAsync(); // still poison: back in the dead letters, not lost
        Assert.Equal(id, (await DeadLetterAsync(id)).MessageId);
    }

    [DatabaseFact]
    public async Task The_consumer_completes_the_rest_of_a_batch_that_holds_a_poison_message()
    {
        var sku = TestData.NewSku();
        var ids = new List<Guid> { await _client.SendStockReceivedAsync(sku, 1), await _client.SendStockReceivedAsync(sku, 2) };
        var poison = await _client.SendStockReceivedAsync(sku, 0);
        ids.Add(await _client.SendStockReceivedAsync(sku, 3));

        await ConsumeAllAsync();

        Assert.Equal(6, await factory.Services.QuantityAsync(sku));
        Assert.Equal(poison, (await DeadLetterAsync(poison)).MessageId);
        Assert.Equal(3, await factory.Services.QueryAsync(db => db.ProcessedMessages.CountAsync(message => ids.Contains(message.MessageId))));
        Assert.False(await factory.Services.QueryAsync(db => db.QueuedMessages.AnyAsync(message => ids.Contains(message.Id) || message.Id == poison)));
    }

    [DatabaseFact]
    public async Task A_batch_that_fails_once_is_handled_in_parts_at_once_and_costs_no_message_an_attempt()
    {
        var skus = Enumerable.Range(0, 3).Select(_ => TestData.NewSku()).ToList();
        var ids = new List<Guid>();
        foreach (var sku in skus)
        {
            ids.Add(await _client.SendStockReceivedAsync(sku, 2));
        }

        factory.Failures.Remaining = 1; // the batch's first stock write fails; its parts are tried again at once
        await ConsumeAllAsync();
        factory.Failures.Remaining = 0;

        foreach (var sku in skus)
        {
            Assert.Equal(2, await factory.Services.QuantityAsync(sku));
        }

        Assert.False(await factory.Services.QueryAsync(db => db.QueuedMessages.AnyAsync(message => ids.Contains(message.Id))));
    }

    private async Task ConsumeAllAsync()
    {
        while (await Consumer.ConsumeBatchAsync(CancellationToken.None) > 0)
        {
            // Until nothing is due.
        }
    }

    private Task<int?> AttemptsAsync(Guid id) =>
        factory.Services.QueryAsync(db => db.QueuedMessages.Where(message => message.Id == id).Select(message => (int?)message.Attempts).SingleOrDefaultAsync());

    private async Task<DeadLetterResponse> DeadLetterAsync(Guid messageId)
    {
        var page = await _client.GetFromJsonAsync<Page<DeadLetterResponse>>("/api/dead-letters?limit=100");
        return Assert.Single(page!.Items, letter => letter.MessageId == messageId);
    }
}

/// <summary>The worker as it runs in production: the consumer polls the queue in the background on the real clock.</summary>
public sealed class ConsumingWorkerFactory : WorkerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:ConsumerEnabled", "true");
        builder.UseSetting("Messaging:PollingInterval", "00:00:00.050");
        builder.ConfigureServices(services => services.AddSingleton(TimeProvider.System));
    }
}

public sealed class DatabaseQueueConsumerTests(ConsumingWorkerFactory factory) : IClassFixture<ConsumingWorkerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task Messages_sent_over_http_are_consumed_in_the_background_exactly_once()
    {
        var sku = TestData.NewSku();
        await _client.SendTenEachTwiceAsync(sku);

        await TestData.EventuallyAsync(async () => await factory.Services.QueryAsync(db => db.QueuedMessages.CountAsync()) == 0);
        Assert.Equal(55, await factory.Services.QuantityAsync(sku));
        var stock = await _client.GetFromJsonAsync<Features.Stock.StockLevelResponse>($"/api/stock/{sku.ToLowerInvariant()}");
        Assert.Equal((sku, 55), (stock!.Sku, stock.Quantity));
    }
}
