#if (!UseServerDatabase)
using Microsoft.Data.Sqlite;
#endif
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PortfolioSample.Infrastructure.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers the database that ConnectionStrings:Database names, for every host of this solution. Without it no
    /// host can work, so this throws a <see cref="DatabaseNotConfiguredException"/> that says how to set it.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration.GetConnectionString("Database");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // `dotnet run --project src/Api` makes the project's folder the content root.
            throw new DatabaseNotConfiguredException(Path.GetRelativePath(Environment.CurrentDirectory, builder.Environment.ContentRootPath));
        }

#if (UseServerDatabase)
        builder.Services.AddPersistence(connectionString);
#else
        builder.Services.AddPersistence(connectionString, builder.Environment.ContentRootPath);
#endif
        return builder;
    }

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
