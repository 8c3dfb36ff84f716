using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>Reads the generated app's SQLite file and waits for conditions, for the messaging tests.</summary>
internal static class MessagingTools
{
    /// <summary>
    /// The one value <paramref name="sql"/> selects from the app's SQLite file, read beside the running app (a
    /// connection of the test's own, not pooled, waiting up to 10 s for the app's write lock). In-process rather than
    /// through the sqlite3 shell: the crash tests poll every 20 ms and must see the count as it is when they kill.
    /// </summary>
    public static async Task<string> SqliteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 10 }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan? pollEvery = null)
    {
        var deadline = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && deadline.Elapsed < timeout)
        {
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(100));
            value = await read();
        }

        return value;
    }
}
