#if (UseRabbitMq)
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Common;
using PortfolioSample.Worker.Features.DeadLetters;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PortfolioSample.Worker.Tests;

/// <summary>The RabbitMQ broker the integration tests use, named by an environment variable.</summary>
public static class RabbitMqBroker
{
    /// <summary>An AMQP URI, for example <c>amqp://guest:guest@localhost:5672/</c>. CI sets it; see the README.</summary>
    public const string Variable = "TEST_RABBITMQ_CONNECTION_STRING";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason { get; } = TestDatabase.SkipReason
        ?? (ConnectionString is null
            ? $"No RabbitMQ broker configured: set {Variable} (for example amqp://guest:guest@localhost:5672/) to run the broker tests (see README, 'Test it')."
            : null);
}

/// <summary>A test that needs the broker (and the database); skipped with the reason when either is not configured.</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute() => Skip = RabbitMqBroker.SkipReason;
}

/// <summary>
/// The worker as it runs in production: consuming a queue of its own on the real broker, on the real clock; its stock
/// writes can be made to fail, to show retries and dead letters.
/// </summary>
public sealed class BrokerWorkerFactory : WorkerFactory
{
    protected override bool UsesBroker => true;

    public FailingStockWrites Failures { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:ConsumerEnabled", "true");
        // Long enough that a message waiting for its retry is still waiting when a test looks; few enough attempts
        // that the exhaustion test is quick.
        builder.UseSetting("Messaging:RetryBaseDelay", "00:00:02");
        builder.UseSetting("Messaging:MaxAttempts", "3");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Failures));
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (RabbitMqBroker.ConnectionString is { } broker)
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(QueueName, ifUnused: false, ifEmpty: false);
        }
    }
}

public sealed class RabbitMqTests(BrokerWorkerFactory factory) : IClassFixture<BrokerWorkerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [RabbitMqFact]
    public async Task Readiness_includes_the_broker()
    {
        var response = await _client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [RabbitMqFact]
    public async Task Messages_sent_through_the_broker_are_consumed_exactly_once()
    {
        var sku = TestData.NewSku();
        var ids = new List<Guid>();
        for (var i = 1; i <= 10; i++)
        {
            ids.Add(await _client.SendStockReceivedAsync(sku, i));
        }

        // Producers retry: every message arrives a second time.
        foreach (var (id, i) in ids.Select((id, index) => (id, index + 1)))
        {
            await _client.SendStockReceivedAsync(sku, i, id);
        }

        await TestData.EventuallyAsync(async () => await MessagesReadyAsync() == 0
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
        });
        Assert.Contains("The quantity must be between 1 and", letter!.Reason, StringComparison.Ordinal);
        await TestData.EventuallyAsync(async () => await MessagesReadyAsync() == 0);
    }

    [RabbitMqFact]
    public async Task A_message_without_an_id_is_dead_lettered_because_it_cannot_be_handled_idempotently()
    {
        // The consumer declares its queue when it starts, in the background: a message published before that has no
        // route (the publish is mandatory, so it would fail rather than vanish).
        await TestData.EventuallyAsync(QueueExistsAsync);
        await using var connection = await new ConnectionFactory { Uri = new Uri(RabbitMqBroker.ConnectionString!) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties { Type = StockReceivedMessage.MessageType, Persistent = true };
        await channel.BasicPublishAsync(string.Empty, factory.QueueName, true, properties, Encoding.UTF8.GetBytes("""{"sku":"NO-ID","quantity":1}"""));

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
        await TestData.EventuallyAsync(async () => await factory.Services.QuantityAsync(failing) == 3);
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

    private async Task<bool> QueueExistsAsync()
    {
        try
        {
            await MessagesReadyAsync();
            return true;
        }
        catch (OperationInterruptedException)
        {
            return false;
        }
    }

    private async Task<uint> MessagesReadyAsync()
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(RabbitMqBroker.ConnectionString!) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclarePassiveAsync(factory.QueueName);
        return queue.MessageCount;
    }
}
#endif
