using System.Data.Common;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Hosting;

internal static partial class DatabaseStartupExtensions
{
    /// <summary>
    /// Brings the database schema up to date as the command line and configuration ask. With the `migrate` argument
    /// (`dotnet &lt;app&gt;.dll migrate`) it applies the migrations and returns true: the caller exits, because that is
    /// the way to update a database outside Development (a deployment step or a container's init job), so that running
    /// replicas never race to migrate. Otherwise it applies them only when Database:MigrateOnStartup is set, and
    /// returns false.
    /// </summary>
    public static async Task<bool> MigrateDatabaseAsync(this WebApplication app, IReadOnlyList<string> args)
    {
        if (args is ["migrate", ..])
        {
            await app.Services.MigrateDatabaseAsync();
            return true;
        }

        if (app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
        {
            await app.TryMigrateDatabaseAsync();
        }

        return false;
    }

    /// <summary>
    /// Applies migrations at start-up (Database:MigrateOnStartup). When the database cannot be reached, the app logs
    /// one actionable error and keeps running: /health/ready reports it unhealthy (the schema is not up to date)
    /// instead of the process crash-looping with a stack trace. Any other failure, such as a model change without a
    /// migration, is a bug and stops the app.
    /// </summary>
    private static async Task TryMigrateDatabaseAsync(this WebApplication app)
    {
        try
        {
            await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception exception) when (IsUnreachableDatabase(exception))
        {
            LogMigrationFailed(app.Logger, exception.GetType().Name, exception.Message);
        }
    }

    private static bool IsUnreachableDatabase(Exception exception) =>
        exception is DbException or TimeoutException
        || exception is InvalidOperationException { InnerException: DbException or TimeoutException };

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Could not apply database migrations ({ExceptionType}: {Reason}). Check ConnectionStrings:Database and that the " +
                  "database server is running; /health/ready reports unhealthy until the schema is up to date, so restart the app " +
                  "once the database is reachable.")]
    private static partial void LogMigrationFailed(ILogger logger, string exceptionType, string reason);
}
