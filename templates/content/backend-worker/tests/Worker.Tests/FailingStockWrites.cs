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

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("StockLevels", StringComparison.Ordinal) && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new TimeoutException("The database did not answer in time (simulated).");
        }

        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
