using System.Data.Common;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A real database server the tests may create databases on, named by an environment variable that
/// `eng/services.sh start` prints (and .ci/run exports): PK_TEST_POSTGRES or PK_TEST_MYSQL.
/// </summary>
public sealed record DatabaseServer(string Engine, string Variable)
{
    public static readonly DatabaseServer Postgres = new("postgres", "PK_TEST_POSTGRES");
    public static readonly DatabaseServer MySql = new("mysql", "PK_TEST_MYSQL");

    public static DatabaseServer For(string engine) => engine == Postgres.Engine ? Postgres : MySql;

    public string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable);

    /// <summary>Why the tests of this engine cannot run, or null. On CI a missing server is a failure, not a skip.</summary>
    public string? SkipReason =>
        !string.IsNullOrWhiteSpace(AdminConnectionString) || IsCi
            ? null
            : $"{Variable} is not set: run `eval \"$(eng/services.sh start)\"` to start {Engine} on loopback.";

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The admin connection string with another database name.</summary>
    public string ConnectionStringFor(string database)
    {
        var builder = new DbConnectionStringBuilder
        {
            ConnectionString = AdminConnectionString ?? throw new InvalidOperationException($"{Variable} is not set."),
        };
        builder["Database"] = database;
        return builder.ConnectionString;
    }

    /// <summary>Runs a query with the engine's command-line client and returns its rows, one per line.</summary>
    public async Task<IReadOnlyList<string>> QueryAsync(string database, string sql)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = AdminConnectionString! };
        string Get(string key) => builder.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! : string.Empty;

        var result = this == Postgres
            ? await ProcessRunner.RunAsync(
                "psql",
                [$"host={Get("Host")} port={Get("Port")} user={Get("Username")} dbname={database}", "-AtF", "|", "-v", "ON_ERROR_STOP=1", "-c", sql],
                Path.GetTempPath(),
                TimeSpan.FromMinutes(1))
            : await ProcessRunner.RunAsync(
                "mariadb",
                ["--no-defaults", "--protocol=tcp", "-h", Get("Server"), "-P", Get("Port"), "-u", Get("User ID"), "-N", "-B", database, "-e", sql],
                Path.GetTempPath(),
                TimeSpan.FromMinutes(1));
        return result.EnsureSuccess($"Query on {Engine}").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Replace('\t', '|'))
            .ToList();
    }
}
