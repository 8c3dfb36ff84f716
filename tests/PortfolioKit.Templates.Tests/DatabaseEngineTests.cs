using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// What every server engine must show, against a real server started by eng/services.sh. The generated tests against
/// the server run in the option matrix (each engine's rows get its connection string; none may be skipped).
/// </summary>
public abstract class DatabaseEngineTests(EngineSolution solution)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected void Output_is_clean_and_matches_its_snapshot()
    {
        CleanOutput.AssertClean(solution.SnapshotFolder);
        Assert.False(Directory.Exists(Path.Combine(solution.SnapshotFolder, "src/Infrastructure/Persistence/Migrations/Sqlite")), "Only the chosen engine's migrations belong in the output.");
        Snapshot.ForRepository().Match(
            $"backend-portfolio.Acme.Orders.{solution.Server.Engine}",
            OutputTree.Describe(solution.SnapshotFolder, [.. SnapshotKeyFiles.BackendPortfolio("Acme.Orders"), "src/Infrastructure/Infrastructure.csproj", "src/Infrastructure/Persistence/PersistenceExtensions.cs", ".github/workflows/ci.yml", "src/Api/appsettings.json"]));
    }

    protected async Task Generated_tests_are_skipped_with_a_reason_without_a_server_or_docker()
    {
        var run = await ProcessRunner.RunAsync(
            "dotnet",
            ["test", "--no-build", "--configuration", "Release", "--logger", "console;verbosity=normal"],
            solution.Folder,
            TimeSpan.FromMinutes(5),
            new Dictionary<string, string>
            {
                ["TEST_DATABASE_CONNECTION_STRING"] = string.Empty,
                // No Docker either, whatever this machine has: Testcontainers' detection reads DOCKER_HOST first.
                ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock",
            });

        run.EnsureSuccess("The generated tests without a server");
        Assert.Contains("No database server: set TEST_DATABASE_CONNECTION_STRING", run.Output, StringComparison.Ordinal);
        Assert.Contains("or make Docker available so that Testcontainers starts", run.Output, StringComparison.Ordinal);
        var skipped = System.Text.RegularExpressions.Regex.Match(run.Output, @"Skipped:\s+(\d+)");
        Assert.True(skipped.Success && int.Parse(skipped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 20, run.Output);
    }

    protected async Task Migrations_build_the_schema_from_scratch_and_the_app_serves_it()
    {
        var database = "pk_" + Guid.NewGuid().ToString("N")[..10];
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Database"] = solution.Server.ConnectionStringFor(database),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__SeedDemoData"] = "true",
        };

        // Outside Development the app never migrates by itself: the documented `migrate` command does, on an empty server.
        var assembly = GeneratedSolution.ApiAssembly(solution.Folder);
        (await ProcessRunner.RunAsync("dotnet", [assembly, "migrate"], Path.GetDirectoryName(assembly)!, TimeSpan.FromMinutes(2), environment))
            .EnsureSuccess("dotnet Api.dll migrate");

        await AssertSchemaAsync(database);

        await using var app = await RunningApp.StartAsync(assembly, environment);
        var client = app.Client;

        var created = await client.PostAsJsonAsync("/api/products", new { sku = "srv-1", name = "Server product", unitPrice = 10.5m });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (int)(await created.Content.ReadFromJsonAsync<JsonObject>(Json))!["id"]!;

        Assert.Equal("SRV-1", (string?)(await client.GetFromJsonAsync<JsonObject>($"/api/products/{id}", Json))!["sku"]);
        var page = await client.GetFromJsonAsync<JsonObject>("/api/products?limit=3", Json);
        Assert.Equal(3, page!["items"]!.AsArray().Count);
        var next = await client.GetFromJsonAsync<JsonObject>($"/api/products?limit=3&cursor={page["nextCursor"]}", Json);
        Assert.DoesNotContain(next!["items"]!.AsArray(), item => (int)item!["id"]! <= (int)page["nextCursor"]!);

        var duplicate = await client.PostAsJsonAsync("/api/products", new { sku = "SRV-1", name = "Again", unitPrice = 1m });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var updated = await client.PutAsJsonAsync($"/api/products/{id}", new { name = "Renamed", unitPrice = 11m, version = 0 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var stale = await client.PutAsJsonAsync($"/api/products/{id}", new { name = "Lost update", unitPrice = 12m, version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Renamed", (string?)(await client.GetFromJsonAsync<JsonObject>($"/api/products/{id}", Json))!["name"]);

        var order = await client.PostAsJsonAsync("/api/orders", new { customerEmail = "srv@example.com", lines = new[] { new { productId = id, quantity = 3 } } });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(33m, (decimal)(await order.Content.ReadFromJsonAsync<JsonObject>(Json))!["total"]!);
    }

    protected async Task Unreachable_database_makes_readiness_unhealthy_with_one_actionable_error()
    {
        var unreachable = solution.Server == DatabaseServer.Postgres
            ? "Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=2"
            : "Server=127.0.0.1;Port=1;User ID=root;Database=nowhere;Connection Timeout=2";

        await using var app = await RunningApp.StartAsync(
            GeneratedSolution.ApiAssembly(solution.Folder),
            new Dictionary<string, string> { ["ConnectionStrings__Database"] = unreachable },
            waitFor: "/health/live");

        var ready = await app.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.False(app.HasExited, "The app must keep running (and report unhealthy) rather than crash-loop.");
        var log = app.Log;
        Assert.Equal(1, CountOccurrences(log, "Could not apply database migrations"));
        Assert.Contains("Check ConnectionStrings:Database", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
    }

    private async Task AssertSchemaAsync(string database)
    {
        if (solution.Server == DatabaseServer.Postgres)
        {
            var indexes = await solution.Server.QueryAsync(database, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
            Assert.Contains(indexes, row => row.StartsWith("IX_Products_Sku|CREATE UNIQUE INDEX", StringComparison.Ordinal));
            Assert.Contains(indexes, row => row.StartsWith("IX_Orders_Status_Id|", StringComparison.Ordinal));
            Assert.Contains(indexes, row => row.StartsWith("IX_Orders_CustomerEmail|", StringComparison.Ordinal));
            var foreignKeys = await solution.Server.QueryAsync(database, "SELECT conname, confdeltype FROM pg_constraint WHERE contype = 'f' ORDER BY conname");
            Assert.Equal(["FK_OrderLines_Orders_OrderId|c", "FK_OrderLines_Products_ProductId|r"], foreignKeys);
        }
        else
        {
            var indexes = await solution.Server.QueryAsync(database, $"SELECT DISTINCT INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{database}' ORDER BY INDEX_NAME");
            Assert.Contains("IX_Products_Sku|0", indexes);
            Assert.Contains("IX_Orders_Status_Id|1", indexes);
            Assert.Contains("IX_Orders_CustomerEmail|1", indexes);
            var foreignKeys = await solution.Server.QueryAsync(database, $"SELECT CONSTRAINT_NAME, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{database}' ORDER BY CONSTRAINT_NAME");
            Assert.Equal(["FK_OrderLines_Orders_OrderId|CASCADE", "FK_OrderLines_Products_ProductId|RESTRICT"], foreignKeys);
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
