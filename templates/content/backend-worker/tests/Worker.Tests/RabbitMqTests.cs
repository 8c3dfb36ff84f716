#if (UseRabbitMq)
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Common;
using PortfolioSample.Worker.Features.DeadLetters;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Tests;

/// <summary>
/// The worker as it runs in production: consuming a queue of its own on the real broker, on the real clock; its stock
/// writes can be made to fail, to show retries and dead letters.
/// </summary>
public sealed class BrokerFactory : WorkerFactory
{
    protected override bool UsesBroker => true;

    public FailingStockWrites Failures { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:ConsumerEnabled", "true");
        // Long enough that a message waiting for its retry is still waiting when a test looks, even on a busy machine
        // where handling the message behind it takes seconds (2 s was not); few enough attempts that the exhaustion
        // test takes 5 + 10 s.
        builder.UseSetting("Messaging:RetryBaseDelay", "00:00:05");
        builder.UseSetting("Messaging:MaxAttempts", "3");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Failures));
        });
    }
}

public sealed class RabbitMqTests(BrokerFactory factory) : IClassFixture<BrokerFactory>
{
    // Waits, not budgets: a message that fails is handled again after 5 s of backoff (then 10 s), more on a busy machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client = factory.CreateClient();

    [RabbitMqFact]
    public async Task Messages_sent_through_the_broker_are_consumed_exactly_once()
    {
        var sku = TestData.NewSku();
        var ids = await _client.SendTenEachTwiceAsync(sku);

        await TestData.EventuallyAsync(async () => await RabbitMqBroker.MessagesReadyAsync(factory.QueueName) == 0
            && await factory.Services.QueryAsync(db => db.ProcessedMessages.CountAsync(message => ids.Contains(message.MessageId))) == ids.Count);
        await Task.Delay(200); // a second delivery still in hand would show up here
        Assert.Equal(55, await factory.Services.QuantityAsync(sku));
    }

    [RabbitMqFact]
    public async Task A_poison_message_from_the_broker_is_dead_lettered_and_acknowledged()
    {
        var id = await _client.SendStockReceivedAsync(TestData.NewSku(), -1);

        DeadLetterResponse? letter = null;
        await TestData.EventuallyAsync(async () =>
        {
            var page = await _client.GetFromJsonAsync<Page<DeadLetterResponse>>("/api/dead-letters?limit=100");
            letter = page!.Items.SingleOrDefault(item => item.MessageId == id);
            return letter is not null;
        }, Patience);
        Assert.Contains("The quantity must be between 1 and", letter!.Reason, StringComparison.Ordinal);
        await TestData.EventuallyAsync(async () => await RabbitMqBroker.MessagesReadyAsync(factory.QueueName) == 0);
    }

    [RabbitMqFact]
    public async Task A_message_without_an_id_is_dead_lettered_because_it_cannot_be_handled_idempotently()
    {
        // The consumer declares its queue when it starts, in the background: a message published before that has no
        // route (the publish is mandatory, so it would fail rather than vanish).
        await TestData.EventuallyAsync(() => RabbitMqBroker.QueueExistsAsync(factory.QueueName));
        await RabbitMqBroker.PublishAsync(factory.QueueName, messageId: null, StockReceivedMessage.MessageType, """{"sku":"NO-ID","quantity":1}""");

        await TestData.EventuallyAsync(() => factory.Services.QueryAsync(db => db.DeadLetters.AnyAsync(letter => letter.Payload.Contains("NO-ID"))));
        Assert.Null(await factory.Services.QuantityAsync("NO-ID"));
    }

    [RabbitMqFact]
    public async Task A_failing_message_waits_for_its_retry_on_the_broker_without_holding_up_the_next_one()
    {
        var (failing, next) = (TestData.NewSku(), TestData.NewSku());
        factory.Failures.Remaining = 1;

        await _client.SendStockReceivedAsync(failing, 3);
        await _client.SendStockReceivedAsync(next, 4);

        await TestData.EventuallyAsync(async () => await factory.Services.QuantityAsync(next) == 4);
        // With the backoff waited out in the worker, the message behind the failing one would wait too.
        Assert.Null(await factory.Services.QuantityAsync(failing));
        await TestData.EventuallyAsync(async () => await factory.Services.QuantityAsync(failing) == 3, Patience);
    }

    [RabbitMqFact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_after_the_last_attempt()
    {
        var sku = TestData.NewSku();
        factory.Failures.Remaining = 3;

        var id = await _client.SendStockReceivedAsync(sku, 5);

        DeadLetterResponse? letter = null;
        await TestData.EventuallyAsync(async () =>
        {
            var page = await _client.GetFromJsonAsync<Page<DeadLetterResponse>>("/api/dead-letters?limit=100");
            letter = page!.Items.SingleOrDefault(item => item.MessageId == id);
            return letter is not null;
        });
        Assert.Equal(3, letter!.Attempts);
        Assert.Contains("(simulated)", letter.Reason, StringComparison.Ordinal);
        Assert.Null(await factory.Services.QuantityAsync(sku));
    }
}
#endif
