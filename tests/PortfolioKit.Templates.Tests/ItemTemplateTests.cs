using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests;

public sealed class ItemTemplateTests(ItemTemplatesSolution solution, TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<ItemTemplatesSolution>, IClassFixture<TemplatePackFixture>
{
    /// <summary>
    /// The items add files to existing projects, never packages, so the committed lock files stay current: they are
    /// unchanged after the items' post actions and the build, and a locked restore (CI's) succeeds on them.
    /// </summary>
    [Fact]
    public async Task The_lock_files_written_before_the_items_stay_current()
    {
        Assert.NotEmpty(solution.LockFilesBefore);
        Assert.Equal(solution.LockFilesBefore, ItemTemplates.LockFiles(solution.Folder));
        (await ProcessRunner.RunAsync("dotnet", ["restore", "--locked-mode"], solution.Folder, TimeSpan.FromMinutes(5)))
            .EnsureSuccess("dotnet restore --locked-mode after the item templates");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Post_actions_set_the_namespace_and_add_the_migrations_and_the_solution_builds_without_warnings()
    {
        foreach (var (key, run) in solution.Instantiations)
        {
            Assert.DoesNotContain("warn", run.Output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Command succeeded.", run.Output, StringComparison.Ordinal);
            output.WriteLine($"dotnet new ({key}) took {run.Elapsed.TotalSeconds:F1} s.");
        }

        foreach (var (file, expectedNamespace) in new[]
        {
            ("src/Domain/Customers/Customer.cs", "Domain.Customers"),
            ("src/Infrastructure/Persistence/Configurations/CustomerConfiguration.cs", "Infrastructure.Persistence.Configurations"),
            ("src/Api/Features/Customers/CustomerContracts.cs", "Api.Features.Customers"),
            ("src/Api/Features/Customers/CustomerEndpoints.cs", "Api.Features.Customers"),
            ("tests/Api.Tests/CustomerEndpointsTests.cs", "Api.Tests"),
            ("src/Infrastructure/Messaging/StockReceivedMessage.cs", "Infrastructure.Messaging"),
            ("src/Infrastructure/Messaging/StockReceivedHandler.cs", "Infrastructure.Messaging"),
            ("src/Infrastructure/Messaging/StockReceivedTotal.cs", "Infrastructure.Messaging"),
            ("src/Infrastructure/Persistence/Configurations/StockReceivedTotalConfiguration.cs", "Infrastructure.Persistence.Configurations"),
            ("tests/Api.Tests/StockReceivedHandlerTests.cs", "Api.Tests"),
        })
        {
            Assert.Contains($"namespace {ItemTemplatesSolution.Namespace}.{expectedNamespace};", File.ReadAllText(Path.Combine(solution.Folder, file)), StringComparison.Ordinal);
        }

        var migrations = Directory.GetFiles(Path.Combine(solution.Folder, "src", "Infrastructure", "Persistence", "Migrations", "Sqlite"), "*.cs").Select(file => Path.GetFileName(file)).ToList();
        Assert.Single(migrations, name => Regex.IsMatch(name, @"^\d{14}_AddCustomers\.cs$"));
        Assert.Single(migrations, name => Regex.IsMatch(name, @"^\d{14}_AddStockReceivedTotals\.cs$"));
        Assert.Contains("\"stock-received.v1\"", File.ReadAllText(Path.Combine(solution.Folder, "src/Infrastructure/Messaging/StockReceivedMessage.cs")), StringComparison.Ordinal);

        // The set-up files delete themselves, and nothing of the templates is left behind: neither the flagship's
        // tokens (CleanOutput) nor the item templates' own.
        Assert.DoesNotContain(OutputTree.Files(solution.Folder), file => file.EndsWith(".setup.proj", StringComparison.Ordinal));
        CleanOutput.AssertClean(solution.Folder);
        string[] itemTokens = ["Gizmo", "gizmo-route", "SampleEvent", "sample-event", "adr-slug", "NNNN", "StatusValue", "YYYY-MM-DD", "Decision title"];
        var leftovers = OutputTree.Files(solution.Folder)
            .SelectMany(file => itemTokens.Where(File.ReadAllText(Path.Combine(solution.Folder, file)).Contains).Select(token => $"{file}: {token}"))
            .ToList();
        Assert.True(leftovers.Count == 0, string.Join(Environment.NewLine, leftovers));

        // -warnaserror: a warning anywhere fails the matrix build, so success means none.
        Assert.Equal(0, solution.Run.Build.ExitCode);
    }

    [Fact]
    public void A_dotnet_ef_record_left_pointing_into_a_deleted_packages_folder_is_forgotten_and_restored_again()
    {
        // Without this, `dotnet tool restore` reports success, keeps the record, and `dotnet ef` asks for a restore.
        Assert.Contains("Forgot 1 stale dotnet-ef path(s)", solution.Instantiations["consumer"].Output, StringComparison.Ordinal);
        Assert.Contains("Added migration AddStockReceivedTotals", solution.Instantiations["consumer"].Output, StringComparison.Ordinal);

        var record = File.ReadAllText(solution.StaleToolRecord);
        var executable = Regex.Match(record, "\"PathToExecutable\":\"([^\"]+)\"").Groups[1].Value;
        Assert.True(File.Exists(executable), $"The restore recorded dotnet-ef again, at a path that exists: {record}");
    }

    [Fact]
    public async Task Its_tests_pass_with_the_new_endpoint_and_consumer_tests_among_them()
    {
        var results = await solution.TestResultsAsync();

        Assert.True(results.Failed == 0 && results.Skipped == 0, results.ToString());
        // Five endpoint facts and three theory rows (paging).
        Assert.Equal(8, results.PassedIn("CustomerEndpointsTests"));
        Assert.Equal(ConsumerItem.TestCount, results.PassedIn(ConsumerItem.TestClass));
        Assert.True(results.Passed >= 30 + 15, $"Expected the flagship's tests and the new ones: {results}");
        output.WriteLine($"{results.Passed} generated tests passed.");
    }

    [Fact]
    public async Task Running_app_serves_the_new_endpoints_with_paging_and_validation()
    {
        await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(solution.Folder));
        var client = app.Client;

        var openApi = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        Assert.Contains("/api/customers/{id}", openApi["paths"]!.AsObject().Select(path => path.Key));

        var ids = new List<int>();
        foreach (var name in new[] { "Ada", "Grace", "Edsger" })
        {
            var created = await client.PostAsJsonAsync("/api/customers", new { name, description = $"{name} was here" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = (await created.Content.ReadFromJsonAsync<JsonObject>(Json))!;
            Assert.Equal(name, (string?)body["name"]);
            ids.Add((int)body["id"]!);

            var read = await client.GetFromJsonAsync<JsonObject>(created.Headers.Location!.OriginalString, Json);
            Assert.Equal(ids[^1], (int)read!["id"]!);
        }

        var first = (await client.GetFromJsonAsync<JsonObject>("/api/customers?limit=2", Json))!;
        Assert.Equal(ids[..2], first["items"]!.AsArray().Select(item => (int)item!["id"]!));
        var second = (await client.GetFromJsonAsync<JsonObject>($"/api/customers?limit=2&cursor={(int)first["nextCursor"]!}", Json))!;
        Assert.Equal(ids[2..], second["items"]!.AsArray().Select(item => (int)item!["id"]!));
        Assert.Null(second["nextCursor"]);

        var invalid = await client.PostAsJsonAsync("/api/customers", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonObject>(Json))!["errors"]!.AsObject().ContainsKey("Name"));

        var missing = await client.GetAsync(new Uri("/api/customers/424242", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void Decision_records_get_the_next_free_numbers_in_turn()
    {
        // backend-portfolio's defaults (SQLite, in-process messaging, Kubernetes manifests) number their records 1 to 6
        // without gaps: the outbox is 5 and Kubernetes 6 (MySQL's and RabbitMQ's records are left out).
        Assert.Equal(6, solution.HighestAdrBefore);
        var folder = Path.Combine(solution.Folder, "docs", "adr");

        var first = File.ReadAllText(Path.Combine(folder, "0007-cache-product-reads-in-redis.md"));
        Assert.StartsWith("# 7. Cache product reads in Redis\n\nStatus: Proposed\nDate: ", first, StringComparison.Ordinal);
        Assert.Matches(@"\nDate: \d{4}-\d{2}-\d{2}\n", first);
        Assert.Contains("## Context", first, StringComparison.Ordinal);
        Assert.Contains("## Consequences", first, StringComparison.Ordinal);

        var second = File.ReadAllText(Path.Combine(folder, "0008-use-postgresql-in-production.md"));
        Assert.StartsWith("# 8. Use PostgreSQL in production\n\nStatus: Accepted\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(folder), file => Path.GetFileName(file).StartsWith("NNNN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_scripts_the_adr_keeps_its_placeholder_and_the_printed_command_numbers_it()
    {
        var repository = Path.Combine(pack.WorkRoot, "out", Guid.NewGuid().ToString("N")[..8], "docs-only");
        Directory.CreateDirectory(Path.Combine(repository, "docs", "adr"));
        File.WriteAllText(Path.Combine(repository, "docs", "adr", "0041-an-earlier-decision.md"), "# 41. An earlier decision\n");
        File.WriteAllText(Path.Combine(repository, "docs", "adr", "README.md"), "Not a record.\n");

        var declined = await pack.DotNetNewAsync(["backend-adr", "--name", "Ship on Fridays?", "--allow-scripts", "no", "--no-update-check"], repository);

        Assert.NotEqual(0, declined.ExitCode);
        Assert.Contains("dotnet msbuild docs/adr/ship-on-fridays.setup.proj", declined.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repository, "docs", "adr", "NNNN-ship-on-fridays.md")));

        (await ProcessRunner.RunAsync("dotnet", ["msbuild", "docs/adr/ship-on-fridays.setup.proj", "-nologo", "-nodeReuse:false"], repository, TimeSpan.FromMinutes(2)))
            .EnsureSuccess("The manual instruction");

        Assert.Equal(
            ["0041-an-earlier-decision.md", "0042-ship-on-fridays.md", "README.md"],
            Directory.GetFiles(Path.Combine(repository, "docs", "adr")).Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal));
        Assert.StartsWith("# 42. Ship on Fridays?\n", File.ReadAllText(Path.Combine(repository, "docs", "adr", "0042-ship-on-fridays.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backend-endpoint", new[] { "--plural <plural>", "The plural of the name, for the feature folder, the table" })]
    [InlineData("backend-consumer", new[] { "idempotent handler" })]
    [InlineData("backend-adr", new[] { "--status <choice>", "Proposed: open for discussion", "Accepted: agreed", "Default: proposed" })]
    public async Task Help_describes_every_option(string template, string[] expected)
    {
        var help = (await pack.DotNetNewAsync([template, "--help"], pack.WorkRoot)).EnsureSuccess($"dotnet new {template} --help").Output;

        foreach (var text in expected)
        {
            Assert.Contains(text, help, StringComparison.Ordinal);
        }

        Assert.Contains("--allow-scripts yes", help, StringComparison.Ordinal);
        Assert.DoesNotContain("warn", help, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plural_option_names_the_folder_and_the_route()
    {
        var dryRun = (await pack.DotNetNewAsync(["backend-endpoint", "--name", "person", "--plural", "people", "--dry-run", "--no-update-check"], pack.WorkRoot))
            .EnsureSuccess("dotnet new backend-endpoint --dry-run");

        Assert.Contains("src/Api/Features/People/PersonEndpoints.cs", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("src/Domain/People/Person.cs", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("tests/Api.Tests/PersonEndpointsTests.cs", dryRun.Output, StringComparison.Ordinal);
    }

}
