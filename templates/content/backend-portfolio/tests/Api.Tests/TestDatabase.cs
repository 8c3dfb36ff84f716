#if (UsePostgres)
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PortfolioSample.Infrastructure.Persistence;
#elif (UseMySql)
using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;
using PortfolioSample.Infrastructure.Persistence;
#else
using Microsoft.Data.Sqlite;
#endif

namespace PortfolioSample.Api.Tests;

/// <summary>
/// A database of its own for one test class, on the engine the app uses, created by the app's migrations and
/// dropped afterwards. Never the EF Core in-memory provider: it ignores constraints, transactions and SQL.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
#if (UseServerDatabase)
    /// <summary>
    /// A connection string to a server the tests may create and drop databases on, for example
    /// <c>Host=localhost;Username=postgres;Password=...</c>. CI sets it; see the README.
    /// </summary>
    public const string ServerVariable = "TEST_DATABASE_CONNECTION_STRING";

    private static readonly string? ServerConnectionString = Environment.GetEnvironmentVariable(ServerVariable);

    /// <summary>Why the database tests cannot run here, or <see langword="null"/> when they can.</summary>
    public static string? SkipReason { get; } = string.IsNullOrWhiteSpace(ServerConnectionString)
        ? $"No database server configured: set {ServerVariable} to run the integration tests (see README, 'Test it')."
        : null;

#if (UsePostgres)
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(ServerConnectionString)
    {
        Database = "tests_" + Guid.NewGuid().ToString("N")[..12],
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var context = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(ConnectionString).Options);
        await context.Database.EnsureDeletedAsync();
    }
#else
    public string ConnectionString { get; } = new MySqlConnectionStringBuilder(ServerConnectionString)
    {
        Database = "tests_" + Guid.NewGuid().ToString("N")[..12],
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        await using (var connection = new MySqlConnection(ConnectionString))
        {
            await connection.ClearAllPoolsAsync();
        }

        await using var context = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseMySQL(ConnectionString).Options);
        await context.Database.EnsureDeletedAsync();
    }
#endif
#else
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "api-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>SQLite needs no server, so the tests always run.</summary>
    public static string? SkipReason => null;

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "api.db")}";

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
#endif
}

/// <summary>A test that needs the database; skipped with the reason when no database server is configured.</summary>
public sealed class DatabaseFactAttribute : FactAttribute
{
    public DatabaseFactAttribute() => Skip = TestDatabase.SkipReason;
}

/// <inheritdoc cref="DatabaseFactAttribute"/>
public sealed class DatabaseTheoryAttribute : TheoryAttribute
{
    public DatabaseTheoryAttribute() => Skip = TestDatabase.SkipReason;
}
