namespace PortfolioSample.Infrastructure.Persistence;

/// <summary>
/// ConnectionStrings:Database is not set. The message says how to set it, so Program.cs prints it as it is: a fresh
/// clone's first run must say what to do, not show a stack trace.
/// </summary>
public sealed class DatabaseNotConfiguredException(string projectFolder) : Exception(
    "The connection string 'ConnectionStrings:Database' is not configured. Set it with " +
    $"`dotnet user-secrets set ConnectionStrings:Database \"<connection string>\" --project {projectFolder}` in Development, " +
    "or the ConnectionStrings__Database environment variable elsewhere.");
