using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Api.Common;
using PortfolioSample.Api.Features.DeadLetters;
using PortfolioSample.Api.Features.Orders;
using PortfolioSample.Domain.Ordering;
using PortfolioSample.Infrastructure.Messaging;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// The app as it runs in production: the outbox dispatcher delivers in the background on the real clock. It polls only
/// every ten minutes here, far longer than a test waits: an order placed here is delivered because saving it woke the
/// dispatcher (<see cref="OutboxSignal"/>).
/// </summary>
public sealed class DispatchingApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:DispatcherEnabled", "true");
        builder.UseSetting("Messaging:PollingInterval", "00:10:00");
        builder.ConfigureServices(services => services.AddSingleton(TimeProvider.System));
    }
}

public sealed class OrderWorkerTests(DispatchingApiFactory factory) : IClassFixture<DispatchingApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task A_placed_order_is_confirmed_by_the_worker_and_its_stock_reserved()
    {
        var reservedBefore = await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 5);

        var placed = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("worker@example.com", [new(5, 3)]));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options))!;

        var status = order.Status;
        for (var attempt = 0; attempt < 200 && status == OrderStatus.Placed; attempt++)
        {
            await Task.Delay(50);
            status = (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options))!.Status;
        }

        Assert.Equal(OrderStatus.Confirmed, status);
        Assert.Equal(reservedBefore + 3, await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 5));
    }
}

/// <summary>The outbox, the inbox and the dead letters, with the dispatcher driven by the test.</summary>
public sealed class MessagingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task Placing_an_order_commits_one_outbox_message_with_it()
    {
        var order = await PlaceAsync(new OrderLineRequest(1, 1));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var message = await db.OutboxMessages.SingleAsync(message => message.Payload == MessagingTestData.OrderPlacedPayload(order.Id));
        Assert.Equal(OrderPlacedMessage.MessageType, message.Type);
        Assert.Equal(0, message.Attempts);
    }

    [DatabaseFact]
    public async Task When_the_outbox_write_fails_the_order_is_not_saved_either()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var options = new DbContextOptionsBuilder<AppDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<AppDbContext>>())
            .AddInterceptors(new FailOutboxWrites())
            .Options;

        await using (var failing = new AppDbContext(options))
        {
            var product = await failing.Products.OrderBy(product => product.Id).FirstAsync();
            failing.Orders.Add(Order.Place("atomic@example.com", [(product, 1)], factory.Clock.GetUtcNow()));
            await Assert.ThrowsAsync<InvalidOperationException>(() => failing.SaveChangesAsync());
        }

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Orders.AnyAsync(order => order.CustomerEmail == "atomic@example.com"));
    }

    [DatabaseFact]
    public async Task A_duplicate_delivery_has_one_effect()
    {
        var order = await PlaceAsync(new OrderLineRequest(2, 4));
        var reservedBefore = await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 2);
        var message = await OutboxMessageForAsync(order.Id);
        var processor = factory.Services.GetRequiredService<MessageProcessor>();

        Assert.True(await processor.ProcessAsync(message.Id, message.Type, message.Payload, CancellationToken.None));
        Assert.False(await processor.ProcessAsync(message.Id, message.Type, message.Payload, CancellationToken.None));

        Assert.Equal(reservedBefore + 4, await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 2));
        var confirmed = await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options);
        Assert.Equal((OrderStatus.Confirmed, order.Version + 1), (confirmed!.Status, confirmed.Version));
    }

    [DatabaseFact]
    public async Task A_batch_commits_together_and_a_message_twice_in_it_has_one_effect()
    {
        var first = await PlaceAsync(new OrderLineRequest(6, 2));
        var second = await PlaceAsync(new OrderLineRequest(6, 3));
        var reservedBefore = await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 6);
        var (one, two) = (await IncomingMessageForAsync(first.Id), await IncomingMessageForAsync(second.Id));
        var processor = factory.Services.GetRequiredService<MessageProcessor>();

        Assert.Equal(2, await processor.ProcessAsync([one, two, one], CancellationToken.None));
        Assert.Equal(0, await processor.ProcessAsync([two, one], CancellationToken.None));

        Assert.Equal(reservedBefore + 5, await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 6));
        Assert.Equal(OrderStatus.Confirmed, (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{second.Id}", JsonDefaults.Options))!.Status);
    }

    [DatabaseFact]
    public async Task A_batch_with_a_poison_message_commits_nothing()
    {
        var order = await PlaceAsync(new OrderLineRequest(6, 1));
        var reservedBefore = await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 6);
        var good = await IncomingMessageForAsync(order.Id);
        var poison = new IncomingMessage(Guid.NewGuid(), OrderPlacedMessage.MessageType, MessagingTestData.OrderPlacedPayload(424242));
        var processor = factory.Services.GetRequiredService<MessageProcessor>();

        await Assert.ThrowsAsync<PoisonMessageException>(() => processor.ProcessAsync([good, poison], CancellationToken.None));

        Assert.Equal(reservedBefore, await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 6));
        Assert.Equal(OrderStatus.Placed, (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options))!.Status);
        Assert.True(await processor.ProcessAsync(good.Id, good.Type, good.Payload, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task The_dispatcher_completes_the_rest_of_a_batch_that_holds_a_poison_message()
    {
        var before = await PlaceAsync(new OrderLineRequest(1, 1));
        var poisonId = Guid.NewGuid();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.OutboxMessages.Add(new OutboxMessage(poisonId, OrderPlacedMessage.MessageType, MessagingTestData.OrderPlacedPayload(434343), factory.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        var after = await PlaceAsync(new OrderLineRequest(1, 1));

        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        foreach (var order in new[] { before, after })
        {
            Assert.Equal(OrderStatus.Confirmed, (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options))!.Status);
        }

        Assert.Contains("Order 434343 does not exist.", (await FindDeadLetterAsync(poisonId))?.Reason, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_dispatcher_deletes_only_the_delivered_messages_whose_claim_it_still_holds()
    {
        var kept = await PlaceAsync(new OrderLineRequest(2, 1));
        var keptMessage = await OutboxMessageForAsync(kept.Id);
        var takenOver = await OutboxMessageForAsync((await PlaceAsync(new OrderLineRequest(2, 1))).Id);
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(factory.Services, new TakeOverAfterDelivery(factory.Services, takenOver.Id));

        await dispatcher.DispatchOnceAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().Select(message => message.Id).ToListAsync();
        Assert.Contains(takenOver.Id, outbox);
        Assert.DoesNotContain(keptMessage.Id, outbox);
        Assert.Equal(OrderStatus.Confirmed, (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{kept.Id}", JsonDefaults.Options))!.Status);
    }

    [DatabaseFact]
    public async Task Orders_placed_while_two_dispatchers_confirm_others_all_succeed()
    {
        // Several instances at once: clients place orders whose lines name their products in descending order while two
        // dispatchers confirm earlier orders and reserve their stock. MySQL and MariaDB lock a line's product to check
        // its foreign key, and the worker locks the products it reserves: before lines were saved in product order and
        // the worker stopped locking ranges of OrderLines, the two deadlocked and an order answered 500.
        const int Orders = 80;
        int[][] productSets = [[6, 3, 1], [5, 4, 2], [6, 5, 2], [4, 3, 1]];
        var dispatchers = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<OutboxDispatcher>(factory.Services)).ToList();
        using var placing = new CancellationTokenSource();
        var dispatching = dispatchers.Select(dispatcher => Task.Run(async () =>
        {
            while (!placing.IsCancellationRequested)
            {
                // Polling as the hosted dispatcher does, only faster: a loop that never waits would keep a core busy and
                // starve the clients it is meant to race.
                if (await dispatcher.DispatchOnceAsync(CancellationToken.None) == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                }
            }
        })).ToList();

        var placed = new System.Collections.Concurrent.ConcurrentBag<int>();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
            {
                var lines = productSets[i % productSets.Length].Select(productId => new OrderLineRequest(productId, 1 + (i % 3))).ToArray();
                using var response = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest($"concurrent{i}@example.com", lines), cancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                placed.Add((await response.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options, cancellationToken))!.Id);
            });
        }
        finally
        {
            await placing.CancelAsync();
            await Task.WhenAll(dispatching);
        }

        while (await dispatchers[0].DispatchOnceAsync(CancellationToken.None) > 0)
        {
            // The orders placed last.
        }

        foreach (var id in placed)
        {
            var order = (await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}", JsonDefaults.Options))!;
            Assert.Equal(OrderStatus.Confirmed, order.Status);
            Assert.Equal(order.Lines.Select(line => line.ProductId).Order(), order.Lines.Select(line => line.ProductId));
        }
    }

    [DatabaseFact]
    public async Task A_cancelled_order_is_not_confirmed_and_reserves_nothing()
    {
        var order = await PlaceAsync(new OrderLineRequest(3, 2));
        (await _client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new CancelOrderRequest(order.Version))).EnsureSuccessStatusCode();
        var reservedBefore = await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 3);

        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        var current = await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options);
        Assert.Equal(OrderStatus.Cancelled, current!.Status);
        Assert.Equal(reservedBefore, await MessagingTestData.ReservedQuantityAsync(factory.Services, productId: 3));
    }

    [DatabaseTheory]
    [InlineData("""{"orderId":424242}""", "Order 424242 does not exist.")]
    [InlineData("""{"orderId":""", "The payload is not a valid OrderPlacedMessage")]
    public async Task A_poison_message_ends_in_the_dead_letters_with_its_reason(string payload, string reason)
    {
        var messageId = Guid.NewGuid();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.OutboxMessages.Add(new OutboxMessage(messageId, OrderPlacedMessage.MessageType, payload, factory.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        var letter = await FindDeadLetterAsync(messageId);
        Assert.NotNull(letter);
        Assert.Contains(reason, letter.Reason, StringComparison.Ordinal);
        Assert.Equal((payload, 1), (letter.Payload, letter.Attempts));
        await using var check = factory.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AnyAsync(message => message.Id == messageId));
    }

    [DatabaseFact]
    public async Task A_replayed_dead_letter_is_delivered_again_with_its_message_id()
    {
        var order = await PlaceAsync(new OrderLineRequest(4, 1));
        var message = await OutboxMessageForAsync(order.Id);
        int letterId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // As if every attempt had failed while, say, a downstream system was down.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.OutboxMessages.Remove(await db.OutboxMessages.SingleAsync(row => row.Id == message.Id));
            var letter = new DeadLetter(message.Id, message.Type, message.Payload, "TimeoutException: simulated", 5, factory.Clock.GetUtcNow());
            db.DeadLetters.Add(letter);
            await db.SaveChangesAsync();
            letterId = letter.Id;
        }

        var replay = await _client.PostAsync(new Uri($"/api/dead-letters/{letterId}/replay", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        var confirmed = await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options);
        Assert.Equal(OrderStatus.Confirmed, confirmed!.Status);
        Assert.Null(await FindDeadLetterAsync(message.Id));
        var again = await _client.PostAsync(new Uri($"/api/dead-letters/{letterId}/replay", UriKind.Relative), null);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [DatabaseTheory]
    [InlineData("/api/dead-letters?limit=0")]
    [InlineData("/api/dead-letters?cursor=abc")]
    public async Task Malformed_dead_letter_queries_are_bad_requests(string url)
    {
        var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<OrderResponse> PlaceAsync(params OrderLineRequest[] lines)
    {
        var response = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("queue@example.com", lines));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options))!;
    }

    private async Task<OutboxMessage> OutboxMessageForAsync(int orderId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var payload = MessagingTestData.OrderPlacedPayload(orderId);
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().SingleAsync(message => message.Payload == payload);
    }

    private async Task<IncomingMessage> IncomingMessageForAsync(int orderId)
    {
        var message = await OutboxMessageForAsync(orderId);
        return new IncomingMessage(message.Id, message.Type, message.Payload);
    }

    private async Task<DeadLetterResponse?> FindDeadLetterAsync(Guid messageId)
    {
        var page = await _client.GetFromJsonAsync<Page<DeadLetterResponse>>($"/api/dead-letters?limit=100", JsonDefaults.Options);
        return page!.Items.SingleOrDefault(letter => letter.MessageId == messageId);
    }

    /// <summary>
    /// Delivers as the app does, then plays a second dispatcher that claimed one of the messages after the first one's
    /// lease expired (a long pause, for example): that message now carries the second dispatcher's token.
    /// </summary>
    private sealed class TakeOverAfterDelivery(IServiceProvider services, Guid messageId) : IOutboxDelivery
    {
        public bool FailuresAreFinal => true;

        public async Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
        {
            var failures = await services.GetRequiredService<IOutboxDelivery>().DeliverAsync(batch, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
                .Where(message => message.Id == messageId)
                .ExecuteUpdateAsync(set => set.SetProperty(message => message.LockToken, (Guid?)Guid.NewGuid()), cancellationToken);
            return failures;
        }
    }

    /// <summary>Stands in for a crash between saving the order and saving its outbox message.</summary>
    private sealed class FailOutboxWrites : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData,
            InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<OutboxMessage>().Any()
                ? throw new InvalidOperationException("Simulated failure while writing the outbox.")
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

/// <summary>Pure rules of <see cref="MessagingOptions"/>: no app, so no database needed.</summary>
public sealed class MessagingOptionsTests
{
    [Fact]
    public void Retries_back_off_exponentially_up_to_the_maximum()
    {
        var options = new MessagingOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(10) };

        Assert.Equal(
            [1, 2, 4, 8, 10, 10],
            Enumerable.Range(1, 6).Select(failures => options.RetryDelay(failures).TotalSeconds));
    }
}

internal static class MessagingTestData
{
    public static string OrderPlacedPayload(int orderId) => $$"""{"orderId":{{orderId}}}""";

    public static async Task<int> ReservedQuantityAsync(IServiceProvider services, int productId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Products
            .Where(product => product.Id == productId)
            .Select(product => product.ReservedQuantity)
            .SingleAsync();
    }
}
