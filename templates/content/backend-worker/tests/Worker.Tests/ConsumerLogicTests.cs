using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PortfolioSample.Worker.Messaging;

namespace PortfolioSample.Worker.Tests;

/// <summary>Unit tests of the consumer's decisions: what is poison, how long to back off, when to give up.</summary>
public sealed class ConsumerLogicTests
{
    private static readonly MessagingOptions Options = new()
    {
        MaxAttempts = 4,
        RetryBaseDelay = TimeSpan.FromSeconds(2),
        RetryMaxDelay = TimeSpan.FromSeconds(10),
    };

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 10)]
    [InlineData(40, 10)]
    public void Backoff_doubles_after_each_failure_up_to_the_maximum(int failedAttempts, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Options.RetryDelay(failedAttempts));
    }

    [Fact]
    public void A_poison_message_is_final_at_once_and_a_transient_failure_only_after_the_last_attempt()
    {
        Assert.True(Options.IsFinal(new PoisonMessageException("bad"), attempts: 1));
        Assert.False(Options.IsFinal(new TimeoutException(), attempts: 3));
        Assert.True(Options.IsFinal(new TimeoutException(), attempts: 4));
    }

    [Fact]
    public void A_dead_letter_names_the_cause_that_a_provider_wrapped()
    {
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new TimeoutException("No answer."));

        Assert.Equal("TimeoutException: No answer.", DeadLetter.ReasonFor(wrapped));
    }

    [Theory]
    [InlineData("", 1, "The SKU must have")]
    [InlineData("   ", 1, "The SKU must have")]
    [InlineData("SKU-1", 0, "The quantity must be between 1 and")]
    [InlineData("SKU-1", -5, "it was -5")]
    [InlineData("SKU-1", StockReceivedMessage.MaxQuantity + 1, "The quantity must be between 1 and")]
    public void An_invalid_stock_message_is_poison_with_the_reason(string sku, int quantity, string reason)
    {
        var exception = Assert.Throws<PoisonMessageException>(() => StockReceivedHandler.Validate(new StockReceivedMessage(sku, quantity)));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sku_longer_than_the_column_is_poison()
    {
        Assert.Throws<PoisonMessageException>(() => StockReceivedHandler.Validate(new StockReceivedMessage(new string('A', StockReceivedMessage.SkuMaxLength + 1), 1)));
    }

    [Fact]
    public void A_valid_sku_is_stored_trimmed_in_upper_case()
    {
        Assert.Equal("SKU-7", StockReceivedHandler.Validate(new StockReceivedMessage("  sku-7 ", 3)));
    }

    [Theory]
    [InlineData("{\"sku\":")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("""{"sku":"SKU-7"}""")]
    [InlineData("""{"sku":"SKU-7","quantity":"3"}""")]
    [InlineData("""{"sku":null,"quantity":3}""")]
    public void A_payload_that_is_not_the_message_is_poison(string payload)
    {
        Assert.Throws<PoisonMessageException>(() => MessageJson.Deserialize<StockReceivedMessage>(payload));
    }

    [Fact]
    public async Task An_unknown_message_type_is_poison()
    {
        await using var services = new ServiceCollection().AddMetrics().AddSingleton<WorkerMetrics>().BuildServiceProvider();
        var processor = new MessageProcessor(
            services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<WorkerMetrics>(), TimeProvider.System, NullLogger<MessageProcessor>.Instance);

        var exception = await Assert.ThrowsAsync<PoisonMessageException>(() => processor.ProcessAsync([new IncomingMessage(Guid.NewGuid(), "order-shipped.v9", "{}")], CancellationToken.None));

        Assert.Equal("Unknown message type 'order-shipped.v9'.", exception.Message);
    }
}
