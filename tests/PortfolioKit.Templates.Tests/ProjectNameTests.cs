using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// Names that break other templates: each must produce a solution that builds with warnings as errors, passes its
/// own tests and starts. The C# namespace is the name in .NET casing (see docs/templates.md); the folder keeps the
/// name as typed.
/// </summary>
[Collection(TemplatePackDefinition.Name)]
public sealed class ProjectNameTests(TemplatePackFixture pack, ITestOutputHelper output)
{
    public static TheoryData<string, string> Names => new()
    {
        { "my-app", "MyApp" },
        { "Shop.2026", "Shop2026" },
        { "my app", "MyApp" },
        { "Café.Commandes", "Café.Commandes" },
        { "class", "ClassApp" },
        // A framework namespace: System.Api.* must still find System.Text.Json, System.Net and the rest.
        { "System", "System" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Any_name_builds_tests_and_runs(string name, string expectedNamespace)
    {
        var folder = await pack.GenerateAsync("backend-portfolio", name);

        Assert.Equal(name, Path.GetFileName(folder));
        Assert.True(File.Exists(Path.Combine(folder, expectedNamespace + ".slnx")), $"Expected {expectedNamespace}.slnx in {folder}.");
        Assert.Contains($"namespace {expectedNamespace}.Api.Hosting;", File.ReadAllText(Path.Combine(folder, "src/Api/Hosting/HealthCheckExtensions.cs")), StringComparison.Ordinal);
        CleanOutput.AssertClean(folder);

        var build = await GeneratedSolution.BuildAsync(folder);
        var test = await GeneratedSolution.TestAsync(folder);
        Assert.True(GeneratedSolution.PassedCount(test) >= 30, test.Output);

        await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(folder));
        Assert.Equal("Healthy", await app.Client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
        output.WriteLine($"'{name}': build {build.Elapsed.TotalSeconds:F1} s, test {test.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task Name_with_spaces_gets_a_valid_container_and_compose_name()
    {
        var folder = await pack.GenerateAsync("backend-portfolio", "My Shop & Co");

        var compose = File.ReadAllText(Path.Combine(folder, "compose.yaml"));
        Assert.Contains("name: my-shop-co", compose, StringComparison.Ordinal);
        Assert.Contains("image: my-shop-co-api", compose, StringComparison.Ordinal);
        Assert.StartsWith("# My Shop & Co", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        Assert.Contains("namespace MyShopCo.Api", File.ReadAllText(Path.Combine(folder, "src/Api/Hosting/CorsExtensions.cs")), StringComparison.Ordinal);
        CleanOutput.AssertClean(folder);
        Snapshot.ForRepository().Match("backend-portfolio.My-Shop-and-Co", OutputTree.Describe(folder, SnapshotKeyFiles.BackendPortfolio("MyShopCo")));
    }
}
