using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

[Trait(TestTier.Trait, TestTier.Fast)]
public sealed class FlagshipTemplateTests(AcmeOrdersSolution solution, ITestOutputHelper output) : IClassFixture<AcmeOrdersSolution>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Builds_with_warnings_as_errors_and_no_warnings()
    {
        // -warnaserror: a warning anywhere fails the build, so success means none.
        Assert.Equal(0, solution.Run.Build.ExitCode);
        Assert.DoesNotContain(solution.Run.Build.Output.Split('\n'), line => line.Contains(": warning ", StringComparison.Ordinal));
        output.WriteLine($"The matrix build ({solution.Run.Rows.Count} rows, this one among them) took {solution.Run.Build.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// The generated CI and Dockerfile restore in locked mode: the lock files the first restore wrote are complete and
    /// current, so that restore succeeds on them (and would fail on a package added without its lock file change).
    /// </summary>
    [Fact]
    public async Task Restores_in_locked_mode_from_the_lock_files_its_first_restore_wrote()
    {
        var projects = Directory.GetFiles(solution.Folder, "*.csproj", SearchOption.AllDirectories);
        Assert.All(projects, project => Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json")), project));

        var restore = (await ProcessRunner.RunAsync("dotnet", ["restore", "--locked-mode"], solution.Folder, TimeSpan.FromMinutes(5)))
            .EnsureSuccess("dotnet restore --locked-mode, as the generated CI runs it");
        output.WriteLine($"{projects.Length} projects restored in locked mode in {restore.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public void Repository_checks_run_in_the_api_project_only_and_find_nothing()
    {
        // The build above is warnings-as-errors with no warning; this shows the PK9xxx rules were really given the files.
        var configs = Directory.GetFiles(solution.Folder, "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories);
        var owners = configs.Where(config => File.ReadAllText(config).Contains("build_property._PortfolioKitRepositoryRoot = /", StringComparison.Ordinal)).ToList();
        var owner = Assert.Single(owners);
        Assert.Contains(Path.Combine("src", "Api", "obj"), owner, StringComparison.Ordinal);

        var text = File.ReadAllText(owner);
        foreach (var (file, kind) in new[]
        {
            ("README.md", "Readme"), ("LICENSE", "License"), ("SECURITY.md", "SecurityPolicy"), (".github/workflows/ci.yml", "CiWorkflow"),
            (".github/dependabot.yml", "DependencyUpdates"), ("Dockerfile", "Dockerfile"), ("compose.yaml", "Compose"),
            ("src/Api/appsettings.json", "AppSettings"), ("tests/Api.Tests/Api.Tests.csproj", "Project"), ("tests/Directory.Build.props", "BuildFile"),
        })
        {
            Assert.Contains($"{file}]\nbuild_metadata.AdditionalFiles.PortfolioKitFileKind = {kind}", text.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(RepositoryFindings.Warnings(solution.Run.Build.Output), line => line.Contains(solution.Folder, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_the_readme_and_the_licence_brings_each_finding_back_once()
    {
        var copy = Path.Combine(solution.Pack.WorkRoot, "out", Guid.NewGuid().ToString("N")[..8], "Acme.Orders");
        OutputTree.CopySources(solution.Folder, copy);
        File.Delete(Path.Combine(copy, "README.md"));
        File.Delete(Path.Combine(copy, "LICENSE"));

        // The API project and the two it references: enough for "once" (which project reports does not depend on what
        // is built; Repository_checks_run_in_the_api_project_only_and_find_nothing covers all five), and cheaper.
        var build = await ProcessRunner.RunAsync("dotnet", ["build", Path.Combine("src", "Api"), "--configuration", "Release", "-nologo", "-nodeReuse:false"], copy, TimeSpan.FromMinutes(8));

        // The generated solution treats warnings as errors: the build fails with the two findings, once each across
        // the three projects, from the API project.
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("2 Error(s)", build.Output, StringComparison.Ordinal);
        Assert.Equal(["PK9001", "PK9101"], RepositoryFindings.Ids(build.Output));
        // A missing file is reported on the first line of the reporting project's file: the API project's.
        Assert.All(RepositoryFindings.Warnings(build.Output), line => Assert.StartsWith($"{Path.Combine(copy, "src", "Api", "Api.csproj")}(1,1): error PK9", line, StringComparison.Ordinal));
        output.WriteLine($"Build of the copy without README and LICENSE took {build.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task Its_own_tests_pass()
    {
        var results = await solution.TestResultsAsync();

        Assert.True(results.Failed == 0 && results.Skipped == 0 && results.Passed >= 30, $"Expected the generated unit and integration tests to run and pass: {results}");
        output.WriteLine($"{results.Passed} generated tests passed.");
    }

    [Fact]
    public void Output_is_clean_and_matches_its_snapshot()
    {
        CleanOutput.AssertClean(solution.Folder);
        Snapshot.ForRepository().Match("backend-portfolio.Acme.Orders", OutputTree.Describe(solution.Folder, SnapshotKeyFiles.BackendPortfolio("Acme.Orders")));
    }

    [Fact]
    public async Task Running_app_serves_health_openapi_and_the_docs_page()
    {
        var app = await solution.AppAsync();

        Assert.Equal("Healthy", await app.Client.GetStringAsync(new Uri("/health/live", UriKind.Relative)));
        Assert.Equal("Healthy", await app.Client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));

        var openApi = JsonNode.Parse(await app.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        Assert.Equal("Acme.Orders API", (string?)openApi["info"]!["title"]);
        var paths = openApi["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.Contains("/api/products/{id}", paths);
        Assert.Contains("/api/orders/{id}/cancel", paths);

        var docs = await app.Client.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Running_app_handles_a_full_create_read_list_update_cycle()
    {
        var app = await solution.AppAsync();
        var client = app.Client;

        var seeded = await client.GetFromJsonAsync<JsonObject>("/api/products?limit=2", Json);
        Assert.Equal(2, seeded!["items"]!.AsArray().Count);
        Assert.Equal(2, (int)seeded["nextCursor"]!);

        var created = await client.PostAsJsonAsync("/api/products", new { sku = "it-001", name = "Integration test product", unitPrice = 42.5m });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = (await created.Content.ReadFromJsonAsync<JsonObject>(Json))!;
        Assert.Equal("IT-001", (string?)product["sku"]);

        var read = await client.GetFromJsonAsync<JsonObject>(created.Headers.Location!.OriginalString, Json);
        Assert.Equal((int)product["id"]!, (int)read!["id"]!);

        var updated = await client.PutAsJsonAsync($"/api/products/{product["id"]}", new { name = "Renamed", unitPrice = 40m, version = 0 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(1, (int)(await updated.Content.ReadFromJsonAsync<JsonObject>(Json))!["version"]!);

        var stale = await client.PutAsJsonAsync($"/api/products/{product["id"]}", new { name = "Lost update", unitPrice = 1m, version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var order = await client.PostAsJsonAsync("/api/orders", new { customerEmail = "it@example.com", lines = new[] { new { productId = product["id"]!.GetValue<int>(), quantity = 2 } } });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(80m, (decimal)(await order.Content.ReadFromJsonAsync<JsonObject>(Json))!["total"]!);
    }

    [Fact]
    public async Task Running_app_answers_bad_requests_with_problem_details_never_500()
    {
        var app = await solution.AppAsync();
        var client = app.Client;

        var invalid = await client.PostAsJsonAsync("/api/products", new { sku = "bad sku!", name = "", unitPrice = -3 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>(Json))!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("Sku") && errors.ContainsKey("Name") && errors.ContainsKey("UnitPrice"), errors.ToJsonString());

        using var malformed = new StringContent("{\"sku\":", System.Text.Encoding.UTF8, "application/json");
        var unreadable = await client.PostAsync(new Uri("/api/products", UriKind.Relative), malformed);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal("application/problem+json", unreadable.Content.Headers.ContentType?.MediaType);

        var notFound = await client.GetAsync(new Uri("/api/orders/424242", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);

        foreach (var query in new[] { "limit=0", "limit=abc", "cursor=-5", "limit=100000" })
        {
            var response = await client.GetAsync(new Uri($"/api/orders?{query}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.DoesNotContain("Unhandled exception", app.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_page_lists_the_api_operations_in_a_real_browser()
    {
        var app = await solution.AppAsync();
        var docs = new Uri(app.BaseAddress, "/docs/");

        var dom = await HeadlessBrowser.RenderDomAsync(docs);
        var screenshot = Path.Combine(Repository.ArtifactsFolder, "backend-portfolio-docs.png");
        await HeadlessBrowser.ScreenshotAsync(docs, screenshot);

        // The reference expands the first group (Products) and lists the others (Orders) in its sidebar.
        Assert.Contains("Acme.Orders API", dom, StringComparison.Ordinal);
        Assert.Contains("Adds a product to the catalogue", dom, StringComparison.Ordinal);
        Assert.Contains("Renames or reprices a product", dom, StringComparison.Ordinal);
        Assert.Contains("/api/products/{id}", dom, StringComparison.Ordinal);
        Assert.Contains("Group - Orders", dom, StringComparison.Ordinal);
        // This API's page, not the vendor's: no developer toolbar (share, SDK generation, deploy) and no AI chat.
        var text = Regex.Replace(Regex.Replace(dom, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline), "<[^>]+>", " ");
        foreach (var clutter in new[] { "Developer Tools", "Generate SDK", "Generate MCP", "Deploy", "Ask AI" })
        {
            Assert.DoesNotContain(clutter, text, StringComparison.Ordinal);
        }

        Assert.True(new FileInfo(screenshot).Length > 10_000, $"The screenshot at {screenshot} looks empty.");
        output.WriteLine($"Screenshot of the API reference: {screenshot}");
    }
}
