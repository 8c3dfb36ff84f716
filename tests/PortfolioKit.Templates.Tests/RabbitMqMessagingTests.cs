using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;
using static PortfolioKit.Templates.Tests.MessagingTools;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// `--messaging rabbitmq` on SQLite: the option matrix's row (built, and its tests run against the broker, there), and
/// `Acme.Orders` generated with `--messaging rabbitmq` for the snapshot.
/// </summary>
public sealed class RabbitMqSolution : IAsyncLifetime
{
    private readonly TemplatePackFixture _pack = new();

    /// <summary>The built matrix row: SQLite (the crash test reads the file), anonymous writes.</summary>
    public string Folder { get; private set; } = string.Empty;

    public string SnapshotFolder { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Broker.SkipReason is null)
        {
            await _pack.InitializeAsync();
            var run = await OptionMatrix.RunOnceAsync(_pack);
            Folder = run.BuiltFolder(
                row => row.Template == "backend-portfolio" && row.Engine == "sqlite" && row.UsesRabbitMq && row.Choices["auth"] == "none",
                "backend-portfolio with RabbitMQ on SQLite without --auth jwt");
            SnapshotFolder = await _pack.GenerateAsync("backend-portfolio", "Acme.Orders", "--messaging", "rabbitmq");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public string WorkerAssembly =>
        Directory.GetFiles(Path.Combine(Folder, "src", "Worker", "bin", "Release", "net10.0"), "*.Worker.dll").Single();
}

/// <summary>The RabbitMQ broker `eng/services.sh start` runs on loopback (PK_TEST_RABBITMQ, an AMQP URI).</summary>
public static class Broker
{
    public const string Variable = "PK_TEST_RABBITMQ";

    public static string? Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>On CI a missing broker is a failure, not a skip.</summary>
    public static string? SkipReason =>
        Uri is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{Variable} is not set: run `eval \"$(eng/services.sh start)\"` to start RabbitMQ on loopback.";
}

public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute() => Skip = Broker.SkipReason;
}

/// <summary>
/// `--messaging rabbitmq` against a real broker: the API and a separate worker process over HTTP, and a SIGKILL of the
/// worker part-way through a thousand orders (the generated tests against the broker run in the option matrix).
/// </summary>
public sealed class RabbitMqMessagingTests(RabbitMqSolution solution, TemplatePackFixture pack, ITestOutputHelper output)
    : IClassFixture<RabbitMqSolution>, IClassFixture<TemplatePackFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [BrokerFact]
    public void Has_a_worker_project_and_matches_its_snapshot()
    {
        Assert.True(File.Exists(Path.Combine(solution.Folder, "src", "Worker", "bin", "Release", "net10.0", Path.GetFileName(solution.WorkerAssembly))));
        CleanOutput.AssertClean(solution.SnapshotFolder);
        Snapshot.ForRepository().Match(
            "backend-portfolio.Acme.Orders.rabbitmq",
            OutputTree.Describe(solution.SnapshotFolder, [.. SnapshotKeyFiles.BackendPortfolio("Acme.Orders"), "src/Worker/Program.cs", "src/Worker/appsettings.json"]));
    }

    [BrokerFact]
    public async Task Api_and_worker_confirm_an_order_placed_over_http()
    {
        var setup = new Setup(pack);
        await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(solution.Folder), setup.ApiEnvironment());
        await using var worker = await RunningWorker.StartAsync(solution.WorkerAssembly, setup.WorkerEnvironment());

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        var placed = await app.Client.PostAsJsonAsync("/api/orders", new { customerEmail = "rabbit@example.com", lines = new[] { new { productId = 2, quantity = 3 } } });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<JsonObject>(Json))!;

        var stopwatch = Stopwatch.StartNew();
        var status = await WaitForAsync(
            async () => (string?)(await app.Client.GetFromJsonAsync<JsonObject>($"/api/orders/{order["id"]}", Json))!["status"],
            value => value == "Confirmed",
            TimeSpan.FromSeconds(30));
        Assert.True(status == "Confirmed", $"Still {status}.{Environment.NewLine}API:{Environment.NewLine}{app.Log}{Environment.NewLine}Worker:{Environment.NewLine}{worker.Log}");
        output.WriteLine($"Placed -> Confirmed through RabbitMQ and the worker in {stopwatch.ElapsedMilliseconds} ms.");
        Assert.Equal("5", await SqliteAsync(setup.Database, "SELECT ReservedQuantity FROM Products WHERE Id = 2;")); // 3 + the demo order's 2
    }

    /// <summary>A database file and a queue of the test's own, shared by its API and worker processes.</summary>
    private sealed class Setup
    {
        private readonly string _queue = "pk-test-" + Guid.NewGuid().ToString("N")[..8];

        public Setup(TemplatePackFixture pack)
        {
            var folder = Directory.CreateDirectory(Path.Combine(pack.WorkRoot, "rabbitmq-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            Database = Path.Combine(folder, "app.db");
        }

        public string Database { get; }

        public Dictionary<string, string> ApiEnvironment() => new(Common())
        {
            ["RateLimiting__PermitLimit"] = "1000000",
            ["Messaging__PollingInterval"] = "00:00:00.100",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        public Dictionary<string, string> WorkerEnvironment() => new(Common()) { ["DOTNET_ENVIRONMENT"] = "Development" };

        private Dictionary<string, string> Common() => new()
        {
            ["ConnectionStrings__Database"] = $"Data Source={Database}",
            ["ConnectionStrings__RabbitMq"] = Broker.Uri!,
            ["RabbitMq__QueueName"] = _queue,
        };
    }
}

/// <summary>A generated worker started as a real process; ready once it logs that it consumes its queue.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _logFile;

    private RunningWorker(Process process, string logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    public string Log => ProcessRunner.ReadLog(_logFile);

    public static async Task<RunningWorker> StartAsync(string assemblyPath, IReadOnlyDictionary<string, string> environment)
    {
        var logFile = Path.Combine(Repository.ArtifactsFolder, $"{Path.GetFileNameWithoutExtension(assemblyPath)}-{Guid.NewGuid():N}.log");
        var process = ProcessRunner.Start("dotnet", [assemblyPath], Path.GetDirectoryName(assemblyPath)!, logFile, environment);
        var worker = new RunningWorker(process, logFile);
        var deadline = Stopwatch.StartNew();
        while (!worker.Log.Contains("Consuming ", StringComparison.Ordinal))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                var log = worker.Log;
                await worker.DisposeAsync();
                throw new InvalidOperationException($"The worker did not start consuming:{Environment.NewLine}{log}");
            }

            await Task.Delay(100);
        }

        return worker;
    }

    /// <summary>Kills the process at once with SIGKILL: no shutdown, no acknowledgements flushed.</summary>
    public void KillNow()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM, as Kubernetes does, and returns the exit code once the worker has stopped.</summary>
    public Task<int> StopGracefullyAsync(TimeSpan timeout) => ProcessRunner.StopGracefullyAsync(_process, timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }
}
