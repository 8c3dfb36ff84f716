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
    private readonly string _name = "tests_" + Guid.NewGuid().ToString("N")[..12];
    private string? _connectionString;

    /// <inheritdoc cref="TestDatabaseServer.SkipReason"/>
    public static string? SkipReason => TestDatabaseServer.SkipReason;

    /// <summary>The database's connection string, known once <see cref="InitializeAsync"/> has run.</summary>
    public string ConnectionString => _connectionString
        ?? throw new InvalidOperationException($"{nameof(InitializeAsync)} has not run, or the database tests are skipped: {SkipReason}");

    /// <summary>Finds the server (starting its container on first use); the app's migrations create the database.</summary>
    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        var server = await TestDatabaseServer.GetConnectionStringAsync();
#if (UsePostgres)
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;
#else
        _connectionString = new MySqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;
#endif
    }

#if (UsePostgres)
    public async ValueTask DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        // Only this database's pool: the other test classes run in parallel, with pools of their own.
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await using var context = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(_connectionString).Options);
        await context.Database.EnsureDeletedAsync();
    }
#else
    public async ValueTask DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        await using (var connection = new MySqlConnection(_connectionString))
        {
            // Only this database's pool: the other test classes run in parallel, and clearing their pools can kill a
            // connection that holds the migration lock, which every later migration then waits for.
            await connection.ClearPoolAsync(connection);
        }

        await using var context = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseMySQL(_connectionString).Options);
        await context.Database.EnsureDeletedAsync();
    }
#endif
#else
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portfolio-sample-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>SQLite needs no server, so the tests always run.</summary>
    public static string? SkipReason => null;

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "tests.db")}";

    public ValueTask DisposeAsync()
    {
        // Only this database's pool: the other test classes run in parallel, with pools of their own.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

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
