#if (!UseServerDatabase)
using Microsoft.Data.Sqlite;
#endif
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Persistence;

public static class PersistenceExtensions
{
#if (UsePostgres)
    /// <summary>Registers the PostgreSQL database.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddDbContext<AppDbContext>(options => options.UseNpgsql(connectionString));
        return services;
    }
#elif (UseMySql)
    /// <summary>Registers the MySQL (or MariaDB) database.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddDbContext<AppDbContext>(options => options.UseMySQL(connectionString).AddInterceptors(new MigrationLockInterceptor()));
        return services;
    }
#else
    /// <summary>
    /// Registers the SQLite database. A relative file path is resolved against <paramref name="contentRootPath"/>
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

        services.AddDbContext<AppDbContext>(options => options.UseSqlite(sqlite.ToString()));
        return services;
    }
#endif

    /// <summary>
    /// Applies pending migrations, creating the database if needed. EF Core then runs the seeding configured for the
    /// context, if any.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await context.Database.MigrateAsync(cancellationToken);
    }
}
