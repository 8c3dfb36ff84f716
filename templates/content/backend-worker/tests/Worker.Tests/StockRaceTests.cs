#if (UseServerDatabase)
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Tests;

/// <summary>The worker with a hook that runs once, right after a batch's stock UPDATE, inside its transaction.</summary>
public sealed class StockRaceWorkerFactory : WorkerFactory
{
    public AfterStockUpdate Hook { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Hook)));
    }
}

/// <summary>Runs <see cref="Next"/> once, after the next UPDATE of the stock table and before its transaction goes on.</summary>
public sealed class AfterStockUpdate : DbCommandInterceptor
{
    private Func<Task>? _next;

    public Func<Task>? Next
    {
        set => Interlocked.Exchange(ref _next, value);
    }

    public override async ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("StockLevels", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _next, null) is { } next)
        {
            await next();
        }

        return await base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>
/// Two hosts receiving the first goods of one SKU at the same moment: both quantities count. (A server engine only:
/// SQLite takes one writer at a time, so the other host could not commit in between.)
/// </summary>
public sealed class StockRaceTests(StockRaceWorkerFactory factory) : IClassFixture<StockRaceWorkerFactory>
{
    private MessageProcessor Processor => factory.Services.GetRequiredService<MessageProcessor>();

    [DatabaseFact]
    public async Task A_sku_another_host_creates_during_a_batch_keeps_both_quantities()
    {
        var (known, fresh) = (TestData.NewSku(), TestData.NewSku());
        Assert.Equal(1, await Processor.ProcessAsync([Message(known, 1)], CancellationToken.None));

        // While this batch is between its stock UPDATE and its commit, another host's first delivery of the new SKU
        // commits (its own scope and connection): this batch's UPDATE did not see that row.
        factory.Hook.Next = () => Processor.ProcessAsync([Message(fresh, 5)], CancellationToken.None);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Processor.ProcessAsync([Message(known, 2), Message(fresh, 3)], CancellationToken.None);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The new SKU's row arrived meanwhile: its insert is refused, and the consumers retry the batch.
            }
        }

        Assert.Equal(3, await factory.Services.QuantityAsync(known));
        Assert.Equal(8, await factory.Services.QuantityAsync(fresh));
    }

    private static IncomingMessage Message(string sku, int quantity) =>
        new(Guid.NewGuid(), StockReceivedMessage.MessageType, $$"""{"sku":"{{sku}}","quantity":{{quantity}}}""");
}
#endif
