using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database. A relative SQLite path is resolved against <paramref name="contentRootPath"/>
    /// and its folder is created, so the app runs on a fresh machine with no set-up.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString, string contentRootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (sqlite.DataSource is { Length: > 0 } dataSource
            && !string.Equals(dataSource, ":memory:", StringComparison.Ordinal)
            && !Path.IsPathRooted(dataSource))
        {
            sqlite.DataSource = Path.GetFullPath(Path.Combine(contentRootPath, dataSource));
        }

        if (Path.GetDirectoryName(sqlite.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        services.AddDbContext<AppDbContext>(options => options
            .UseSqlite(sqlite.ToString())
            .UseSeeding((context, _) => SeedData.Seed(context))
            .UseAsyncSeeding((context, _, cancellationToken) => SeedData.SeedAsync(context, cancellationToken)));

        return services;
    }

    /// <summary>Applies pending migrations, then seeds an empty database.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await context.Database.MigrateAsync(cancellationToken);
    }
}
