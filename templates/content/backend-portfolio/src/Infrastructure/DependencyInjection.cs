#if (!UseServerDatabase)
using Microsoft.Data.Sqlite;
#endif
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure;

public static class DependencyInjection
{
#if (UsePostgres)
    /// <summary>Registers the PostgreSQL database.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString, bool seedDemoData)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddDbContext<AppDbContext>(options => options.UseNpgsql(connectionString).UseSeedData(seedDemoData));
        return services;
    }
#elif (UseMySql)
    /// <summary>Registers the MySQL (or MariaDB) database.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString, bool seedDemoData)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddDbContext<AppDbContext>(options => options
            .UseMySQL(connectionString)
            .AddInterceptors(new MigrationLockInterceptor())
            .UseSeedData(seedDemoData));
        return services;
    }
#else
    /// <summary>
    /// Registers the SQLite database. A relative file path is resolved against <paramref name="contentRootPath"/>
    /// and its folder is created, so the app runs on a fresh machine with no set-up.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString, string contentRootPath, bool seedDemoData)
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

        services.AddDbContext<AppDbContext>(options => options.UseSqlite(sqlite.ToString()).UseSeedData(seedDemoData));
        return services;
    }
#endif

    /// <summary>
    /// Applies pending migrations (creating the database if needed), then seeds an empty database when demo data
    /// is switched on (Database:SeedDemoData, on in Development only).
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await context.Database.MigrateAsync(cancellationToken);
    }

    private static DbContextOptionsBuilder UseSeedData(this DbContextOptionsBuilder options, bool seedDemoData) => seedDemoData
        ? options
            .UseSeeding((context, _) => SeedData.Seed(context))
            .UseAsyncSeeding((context, _, cancellationToken) => SeedData.SeedAsync(context, cancellationToken))
        : options;
}
