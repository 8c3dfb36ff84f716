using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PortfolioSample.Worker.Persistence;

/// <summary>
/// Makes EF Core's migration lock work on MariaDB as well as MySQL, and lock one database rather than the server.
/// Oracle's provider takes the lock with <c>GET_LOCK('__EFMigrationsLock', -1)</c> and reads the answer as a 64-bit
/// integer. On MySQL -1 means "wait forever" and the answer is a BIGINT; MariaDB answers NULL to a negative timeout
/// and returns an INT, and the migration fails. Waiting up to an hour means the same thing in practice on both
/// servers, and adding a BIGINT zero widens MariaDB's INT answer (a plain CAST(... AS SIGNED) keeps it INT there).
/// </summary>
/// <remarks>
/// A GET_LOCK name is global to the server, so with one fixed name every database on a shared server (other services,
/// parallel test databases) waits for every other's migrations, and one connection left holding the lock stalls them
/// all. The name here is derived from the current database (hashed, as lock names are limited to 64 characters);
/// the release statement is rewritten to match.
/// </remarks>
internal sealed class MigrationLockInterceptor : DbCommandInterceptor
{
    private const string ThisDatabasesLock = "CONCAT('__EFMigrationsLock:', MD5(DATABASE()))";

    private static readonly (string Provider, string Rewritten)[] Rewrites =
    [
        ("GET_LOCK('__EFMigrationsLock',-1)", $"GET_LOCK({ThisDatabasesLock},3600) + 0 * 9223372036854775807"),
        ("RELEASE_LOCK('__EFMigrationsLock')", $"RELEASE_LOCK({ThisDatabasesLock})"),
    ];

    // Once per command, when EF has set its text: every way the command is then executed (scalar, non-query, reader,
    // sync or async) runs the rewritten text.
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Rewrite(result);
        return result;
    }

    private static void Rewrite(DbCommand command)
    {
        foreach (var (provider, rewritten) in Rewrites)
        {
            if (command.CommandText.Contains(provider, StringComparison.Ordinal))
            {
                command.CommandText = command.CommandText.Replace(provider, rewritten, StringComparison.Ordinal);
            }
        }
    }
}
