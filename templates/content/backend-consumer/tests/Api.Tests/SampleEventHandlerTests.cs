using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Infrastructure.Messaging;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Tests;

/// <summary>The sample-event consumer, with the outbox dispatcher driven by the test (see <see cref="ApiFactory"/>).</summary>
public sealed class SampleEventHandlerTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [DatabaseFact]
    public async Task A_published_message_is_delivered_after_the_commit_and_added_to_its_total()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Publish(new SampleEventMessage("published", 3), factory.Clock.GetUtcNow());
            db.Publish(new SampleEventMessage("published", 4), factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);

        Assert.Equal(7, await TotalAsync("PUBLISHED"));
        await using var check = factory.Services.CreateAsyncScope();
        var outbox = check.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages;
        Assert.False(await outbox.AnyAsync(message => message.Type == SampleEventMessage.MessageType));
    }

    [DatabaseFact]
    public async Task A_duplicate_delivery_is_counted_once()
    {
        var processor = factory.Services.GetRequiredService<MessageProcessor>();
        var messageId = Guid.NewGuid();
        var payload = Payload(new SampleEventMessage("duplicate", 5));

        Assert.True(await processor.ProcessAsync(messageId, SampleEventMessage.MessageType, payload, CancellationToken.None));
        Assert.False(await processor.ProcessAsync(messageId, SampleEventMessage.MessageType, payload, CancellationToken.None));
        Assert.True(await processor.ProcessAsync(Guid.NewGuid(), SampleEventMessage.MessageType, payload, CancellationToken.None));

        Assert.Equal(10, await TotalAsync("DUPLICATE"));
    }

    [DatabaseFact]
    public async Task Keys_that_differ_only_in_case_add_to_one_total_on_every_engine()
    {
        // In one batch, then in a later one that finds the saved total: MySQL's case-insensitive key column would
        // refuse a second row for the same key, so the handler must never try to insert one.
        var processor = factory.Services.GetRequiredService<MessageProcessor>();
        await processor.ProcessAsync(
            [Incoming(new SampleEventMessage("sku-7", 2)), Incoming(new SampleEventMessage("SKU-7", 3))],
            CancellationToken.None);
        await processor.ProcessAsync([Incoming(new SampleEventMessage("Sku-7", 4))], CancellationToken.None);

        Assert.Equal(9, await TotalAsync("SKU-7"));
    }

    [DatabaseTheory]
    [InlineData("""{"key":"poison","quantity":0}""")]
    [InlineData("""{"key":"","quantity":1}""")]
    [InlineData("""{"key":"poison ","quantity":1}""")]
    [InlineData("""{"key":"poisón","quantity":1}""")]
    [InlineData("""{"key":""")]
    [InlineData("""{"key":"poison"}""")]
    [InlineData("""{"key":"poison","quantity":"1"}""")]
    public async Task An_invalid_message_is_poison_and_changes_nothing(string payload)
    {
        var processor = factory.Services.GetRequiredService<MessageProcessor>();

        await Assert.ThrowsAsync<PoisonMessageException>(
            () => processor.ProcessAsync(Guid.NewGuid(), SampleEventMessage.MessageType, payload, CancellationToken.None));

        Assert.Null(await TotalAsync("POISON"));
    }

    private async Task<int?> TotalAsync(string key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<SampleEventTotal>().Where(total => total.Key == key).Select(total => (int?)total.Quantity).SingleOrDefaultAsync();
    }

    private static string Payload(SampleEventMessage message) => JsonSerializer.Serialize(message, JsonDefaults.Options);

    private static IncomingMessage Incoming(SampleEventMessage message) =>
        new(Guid.NewGuid(), SampleEventMessage.MessageType, Payload(message));
}
