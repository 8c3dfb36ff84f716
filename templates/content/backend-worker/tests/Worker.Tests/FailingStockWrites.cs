using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PortfolioSample.Worker.Tests;

/// <summary>Fails the next <see cref="Remaining"/> writes to the stock table, as a database that is briefly down would.</summary>
public sealed class FailingStockWrites : DbCommandInterceptor
{
    private int _remaining;

    public int Remaining
    {
        get => Volatile.Read(ref _remaining);
        set => Volatile.Write(ref _remaining, value);
    }

    // The stock UPDATE runs as a non-query; a new SKU's INSERT comes from SaveChanges, which may read results back.
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        FailIfDue(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        FailIfDue(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void FailIfDue(DbCommand command)
    {
        var isStockWrite = command.CommandText.Contains("StockLevels", StringComparison.Ordinal)
            && !command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
        if (isStockWrite && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new TimeoutException("The database did not answer in time (simulated).");
        }
    }
}
