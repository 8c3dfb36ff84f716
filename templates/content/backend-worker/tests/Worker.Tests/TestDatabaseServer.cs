#if (UseServerDatabase)
using DotNet.Testcontainers.Configurations;
#if (UsePostgres)
using Testcontainers.PostgreSql;
#else
using Testcontainers.MySql;
#endif

namespace PortfolioSample.Worker.Tests;

/// <summary>
/// The server the integration tests create their databases on: the one named by
/// <see cref="Variable"/> when it is set, otherwise one container started through Testcontainers for the whole test
/// run when Docker is available, otherwise none, and the database tests are skipped with <see cref="SkipReason"/>.
/// </summary>
internal static class TestDatabaseServer
{
    /// <summary>
    /// A connection string to a server the tests may create and drop databases on (examples in the README). CI sets it.
    /// </summary>
    public const string Variable = "TEST_DATABASE_CONNECTION_STRING";

#if (UsePostgres)
    /// <summary>The image Testcontainers runs when no server is configured: the one compose.yaml runs.</summary>
    public const string Image = "postgres:17";
#else
    /// <summary>The image Testcontainers runs when no server is configured: the one compose.yaml runs.</summary>
    public const string Image = "mysql:8.4";
#endif

    // Testcontainers pings the Docker endpoint it finds; an endpoint that never answers must not hang test discovery.
    private static readonly TimeSpan DockerDetectionTimeout = TimeSpan.FromSeconds(10);

    private static readonly string? ConfiguredServer = Environment.GetEnvironmentVariable(Variable) is { } value
        && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static readonly Lazy<string?> LazySkipReason = new(FindSkipReason);

    private static readonly Lazy<Task<string>> Container = new(StartContainerAsync);

    /// <summary>Why the database tests cannot run here, or <see langword="null"/> when they can.</summary>
    public static string? SkipReason => LazySkipReason.Value;

    /// <summary>
    /// The server's connection string: the configured one, or that of the container, started on the first call.
    /// </summary>
    public static Task<string> GetConnectionStringAsync() =>
        ConfiguredServer is not null ? Task.FromResult(ConfiguredServer) : Container.Value;

    private static string? FindSkipReason()
    {
        if (ConfiguredServer is not null)
        {
            return null;
        }

        // Testcontainers' own detection: DOCKER_HOST, ~/.testcontainers.properties, then the local Docker socket.
        var detection = Task.Run(() => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null);
        if (detection.Wait(DockerDetectionTimeout) && detection.Result)
        {
            return null;
        }

        return $"No database server: set {Variable} to a server the tests may create databases on, "
            + $"or make Docker available so that Testcontainers starts {Image} (see README, 'Test it').";
    }

    private static async Task<string> StartContainerAsync()
    {
#if (UsePostgres)
        var container = new PostgreSqlBuilder(Image).Build();
#else
        // As root, so that the tests may create and drop their own databases.
        var container = new MySqlBuilder(Image).WithUsername("root").Build();
#endif

        // One container for the whole run, removed when the test process exits (Testcontainers' resource reaper
        // removes it too should the process be killed).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await container.StartAsync();
        return container.GetConnectionString();
    }
}
#endif
