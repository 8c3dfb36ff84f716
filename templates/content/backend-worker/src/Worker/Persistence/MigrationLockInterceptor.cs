using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PortfolioSample.Worker.Persistence;

/// <summary>
/// Makes EF Core's migration lock work on MariaDB as well as MySQL. Oracle's provider takes the lock with
/// <c>GET_LOCK(name, -1)</c> and reads the answer as a 64-bit integer. On MySQL -1 means "wait forever" and the
/// answer is a BIGINT; MariaDB answers NULL to a negative timeout and returns an INT, and the migration fails.
/// Waiting up to an hour means the same thing in practice on both servers, and adding a BIGINT zero widens
/// MariaDB's INT answer (a plain CAST(... AS SIGNED) keeps it INT there).
/// </summary>
internal sealed class MigrationLockInterceptor : DbCommandInterceptor
{
    private const string WaitForever = "GET_LOCK('__EFMigrationsLock',-1)";
    private const string WaitOneHour = "GET_LOCK('__EFMigrationsLock',3600) + 0 * 9223372036854775807";

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    private static void Rewrite(DbCommand command)
    {
        if (command.CommandText.Contains(WaitForever, StringComparison.Ordinal))
        {
            command.CommandText = command.CommandText.Replace(WaitForever, WaitOneHour, StringComparison.Ordinal);
        }
    }
}
