using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;
using static PortfolioKit.Templates.Tests.Infrastructure.MessagingTools;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// `--messaging rabbitmq` against a real broker: the API and a separate worker process confirm an order placed over
/// HTTP (the generated tests against the broker run in the option matrix; a worker killed part-way is the scale-out
/// scenarios' to show, see <see cref="ScaleOutTests"/>).
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
