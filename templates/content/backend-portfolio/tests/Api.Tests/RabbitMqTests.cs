#if (UseRabbitMq)
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Api.Features.DeadLetters;
using PortfolioSample.Api.Features.Orders;
using PortfolioSample.Api.Common;
using PortfolioSample.Domain.Ordering;
using PortfolioSample.Infrastructure.Messaging;
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Tests;

/// <summary>The API and, in the same test host, the worker's consumer, both on a real broker and a real database.</summary>
public sealed class BrokerFactory : ApiFactory
{
    protected override bool UsesBroker => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:DispatcherEnabled", "true");
        builder.UseSetting("Messaging:PollingInterval", "00:00:00.050");
        // Long enough that the order behind a failing one is confirmed well before its retry is due, even on a busy
        // machine where confirming an order takes seconds (and on MySQL, whose provider reads times to the second);
        // few enough attempts that the exhaustion test is quick.
        builder.UseSetting("Messaging:RetryBaseDelay", "00:00:03");
        builder.UseSetting("Messaging:MaxAttempts", "3");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Failures));
            services.AddOrderWorker();
            services.AddHostedService<RabbitMqConsumer>();
        });
    }

    /// <summary>Makes the worker's transaction fail for chosen orders, as a database timeout would.</summary>
    public TransientFailures Failures { get; } = new();
}

/// <summary>
/// Fails the saves that confirm an order of a chosen customer, a given number of times, with a
/// <see cref="TimeoutException"/>: a transient failure the worker retries.
/// </summary>
public sealed class TransientFailures : SaveChangesInterceptor
{
    private readonly Dictionary<string, int> _remaining = new(StringComparer.Ordinal);

    public void FailConfirming(string customerEmail, int times)
    {
        lock (_remaining)
        {
            _remaining[customerEmail] = times;
        }
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var confirming = eventData.Context!.ChangeTracker.Entries<Order>()
            .Where(entry => entry.State == EntityState.Modified && entry.Entity.Status == OrderStatus.Confirmed)
            .Select(entry => entry.Entity.CustomerEmail);
        lock (_remaining)
        {
            foreach (var email in confirming)
            {
                if (_remaining.TryGetValue(email, out var left) && left > 0)
                {
                    _remaining[email] = left - 1;
                    throw new TimeoutException($"Simulated database timeout while confirming the order of {email}.");
                }
            }
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class RabbitMqTests(BrokerFactory factory) : IClassFixture<BrokerFactory>
{
    // Waits, not budgets: a message that fails twice is confirmed after 3 + 6 s of backoff, more on a busy machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client = factory.CreateClient();

    [RabbitMqFact]
    public async Task A_placed_order_travels_through_the_broker_and_is_confirmed_once()
    {
        var placed = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("broker@example.com", [new(6, 2)]));
        var order = (await placed.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options))!;

        await EventuallyAsync(async () =>
            (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options))!.Status == OrderStatus.Confirmed);
        // The dispatcher deletes the outbox row once the broker confirmed it, which may be after the worker handled it.
        await EventuallyAsync(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return !await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AnyAsync();
        });
    }

    [RabbitMqFact]
    public async Task A_message_the_broker_delivers_twice_has_one_effect()
    {
        // Place the order with the dispatcher's help, then deliver its message a second time by hand.
        var placed = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("twice@example.com", [new(5, 4)]));
        var order = (await placed.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options))!;
        await EventuallyAsync(async () => await ProcessedCountAsync() > 0 && await ReservedAsync(5) > 0);
        var messageId = await LastProcessedMessageIdAsync();
        var reserved = await ReservedAsync(5);

        await PublishAsync(messageId, OrderPlacedMessage.MessageType, $$"""{"orderId":{{order.Id}}}""");
        await EventuallyAsync(async () => await RabbitMqBroker.MessagesReadyAsync(factory.QueueName) == 0);
        await Task.Delay(500);

        Assert.Equal(reserved, await ReservedAsync(5));
        var current = await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options);
        Assert.Equal((OrderStatus.Confirmed, order.Version + 1), (current!.Status, current.Version));
    }

    [RabbitMqFact]
    public async Task A_poison_message_from_the_broker_is_dead_lettered_and_acknowledged()
    {
        var messageId = Guid.NewGuid();

        await PublishAsync(messageId, OrderPlacedMessage.MessageType, """{"orderId":424242}""");

        DeadLetterResponse? letter = null;
        await EventuallyAsync(async () =>
        {
            var page = await _client.GetFromJsonAsync<Page<DeadLetterResponse>>("/api/dead-letters?limit=100", JsonDefaults.Options);
            letter = page!.Items.SingleOrDefault(item => item.MessageId == messageId);
            return letter is not null;
        });
        Assert.Contains("Order 424242 does not exist.", letter!.Reason, StringComparison.Ordinal);
        await EventuallyAsync(async () => await RabbitMqBroker.MessagesReadyAsync(factory.QueueName) == 0);
    }

    [RabbitMqFact]
    public async Task A_message_without_an_id_is_dead_lettered_because_the_inbox_needs_one()
    {
        await PublishAsync(messageId: null, OrderPlacedMessage.MessageType, """{"orderId":515151}""");

        DeadLetterResponse? letter = null;
        await EventuallyAsync(async () =>
        {
            letter = (await DeadLettersAsync()).SingleOrDefault(item => IsAbout(item, orderId: 515151));
            return letter is not null;
        });
        Assert.Contains("no message id", letter!.Reason, StringComparison.Ordinal);
        await EventuallyAsync(async () => await RabbitMqBroker.MessagesReadyAsync(factory.QueueName) == 0);
    }

    [RabbitMqFact]
    public async Task A_failing_message_waits_for_its_retry_on_the_broker_without_holding_up_the_next_one()
    {
        factory.Failures.FailConfirming("retried@example.com", times: 2);
        var reservedBefore = await ReservedAsync(3);

        var failing = await PlaceAsync("retried@example.com", productId: 3, quantity: 2);
        var next = await PlaceAsync("next@example.com", productId: 4, quantity: 1);

        await EventuallyAsync(async () => (await GetOrderAsync(next.Id)).Status == OrderStatus.Confirmed);
        await EventuallyAsync(async () => (await GetOrderAsync(failing.Id)).Status == OrderStatus.Confirmed);

        // With the backoff waited out in the worker, the order behind the failing one would have been confirmed after
        // it. Compared by when each was confirmed, not by looking in between, which a slow machine can miss.
        var (failingConfirmed, nextConfirmed) = (await ConfirmedAtAsync(failing.Id), await ConfirmedAtAsync(next.Id));
        Assert.True(nextConfirmed < failingConfirmed, $"The next order was confirmed at {nextConfirmed:O}, the failing one at {failingConfirmed:O}.");
        Assert.True(failingConfirmed - failing.PlacedAt >= TimeSpan.FromSeconds(3), "The failing order was confirmed before its first retry was due.");
        Assert.Equal(reservedBefore + 2, await ReservedAsync(3));
        Assert.DoesNotContain(await DeadLettersAsync(), letter => IsAbout(letter, failing.Id));
    }

    [RabbitMqFact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_after_the_last_attempt()
    {
        factory.Failures.FailConfirming("unlucky@example.com", times: int.MaxValue);

        var order = await PlaceAsync("unlucky@example.com", productId: 3, quantity: 1);

        DeadLetterResponse? letter = null;
        await EventuallyAsync(async () =>
        {
            letter = (await DeadLettersAsync()).SingleOrDefault(item => IsAbout(item, order.Id));
            return letter is not null;
        });
        Assert.Equal(3, letter!.Attempts);
        Assert.Contains("TimeoutException: Simulated database timeout", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Placed, (await GetOrderAsync(order.Id)).Status);
    }

    private async Task<OrderResponse> PlaceAsync(string customerEmail, int productId, int quantity)
    {
        var placed = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest(customerEmail, [new(productId, quantity)]));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await placed.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options))!;
    }

    private async Task<OrderResponse> GetOrderAsync(int id) =>
        (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}", JsonDefaults.Options))!;

    private async Task<IReadOnlyList<DeadLetterResponse>> DeadLettersAsync() =>
        (await _client.GetFromJsonAsync<Page<DeadLetterResponse>>("/api/dead-letters?limit=100", JsonDefaults.Options))!.Items;

    /// <summary>
    /// Whether a dead letter carries the message of this order. The payload is parsed, not searched: the letter of
    /// order 515151 contains the text <c>"orderId":5</c>. A dead letter's payload may be anything, JSON or not.
    /// </summary>
    private static bool IsAbout(DeadLetterResponse letter, int orderId)
    {
        try
        {
            using var payload = JsonDocument.Parse(letter.Payload);
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("orderId", out var id)
                && id.ValueKind == JsonValueKind.Number
                && id.TryGetInt32(out var value)
                && value == orderId;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task PublishAsync(Guid? messageId, string type, string payload)
    {
        // The consumer declares its queue when it starts, in the background: a message published before that has no
        // route (the publish is mandatory, so it would fail rather than vanish).
        await EventuallyAsync(() => RabbitMqBroker.QueueExistsAsync(factory.QueueName));
        await RabbitMqBroker.PublishAsync(factory.QueueName, messageId, type, payload);
    }

    private async Task<DateTimeOffset?> ConfirmedAtAsync(int orderId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Orders
            .Where(order => order.Id == orderId).Select(order => order.ConfirmedAt).SingleAsync();
    }

    private async Task<int> ReservedAsync(int productId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Products
            .Where(product => product.Id == productId).Select(product => product.ReservedQuantity).SingleAsync();
    }

    private async Task<int> ProcessedCountAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ProcessedMessages.CountAsync();
    }

    private async Task<Guid> LastProcessedMessageIdAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var processed = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ProcessedMessages.AsNoTracking().ToListAsync();
        return processed.OrderBy(message => message.ProcessedAt).Last().MessageId;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not true within {Patience}.");
            await Task.Delay(100);
        }
    }
}
#endif
