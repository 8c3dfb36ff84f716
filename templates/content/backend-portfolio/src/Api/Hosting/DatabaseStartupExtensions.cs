using PortfolioSample.Infrastructure;

namespace PortfolioSample.Api.Hosting;

internal static partial class DatabaseStartupExtensions
{
    /// <summary>
    /// Applies migrations at start-up (Development). When the database cannot be reached, the app logs one
    /// actionable error and keeps running: /health/ready reports it unhealthy until the database is back, instead of
    /// the process crash-looping with a stack trace.
    /// </summary>
    public static async Task TryMigrateDatabaseAsync(this WebApplication app)
    {
        try
        {
            await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            LogMigrationFailed(app.Logger, exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Could not apply database migrations ({ExceptionType}: {Reason}). Check ConnectionStrings:Database and that the " +
                  "database server is running; /health/ready reports unhealthy until it is reachable, then restart the app.")]
    private static partial void LogMigrationFailed(ILogger logger, string exceptionType, string reason);
}
