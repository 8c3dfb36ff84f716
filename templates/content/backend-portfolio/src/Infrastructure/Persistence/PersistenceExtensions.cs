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
            throw new DatabaseNotConfiguredException(ProjectFolder(builder.Environment.ContentRootPath));
        }

#if (UseServerDatabase)
        builder.Services.AddPersistence(connectionString);
#else
        builder.Services.AddPersistence(connectionString, builder.Environment.ContentRootPath);
#endif
        return builder;
    }

    /// <summary>
    /// The host's project folder (its content root under `dotnet run`) as seen from the repository root, the folder with
    /// global.json, where the README's commands run: src/Api, say. Outside a repository (a container), the content root.
    /// </summary>
    private static string ProjectFolder(string contentRootPath)
    {
        for (var folder = new DirectoryInfo(contentRootPath); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "global.json")))
            {
                return Path.GetRelativePath(folder.FullName, contentRootPath).Replace('\\', '/');
            }
        }

        return contentRootPath;
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
