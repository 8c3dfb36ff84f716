using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// Names that break other templates: each gets a valid C# namespace in .NET casing (see docs/templates.md) while the
/// folder keeps the name as typed. <see cref="OptionMatrixTests"/> builds, tests and runs a solution under each name.
/// </summary>
public sealed class ProjectNameTests(TemplatePackFixture pack) : IClassFixture<TemplatePackFixture>
{
    public static TheoryData<string, string, string> Names => new()
    {
        { "backend-portfolio", "my-app", "MyApp" },
        { "backend-portfolio", "Shop.2026", "Shop2026" },
        { "backend-portfolio", "my app", "MyApp" },
        { "backend-portfolio", "Café.Commandes", "Café.Commandes" },
        { "backend-portfolio", "class", "ClassApp" },
        // Framework namespaces: System.Api.* must still find System.Text.Json, System.Net and the rest.
        { "backend-portfolio", "System", "System" },
        { "backend-api", "Microsoft", "Microsoft" },
        { "backend-api", "Acme.Orders-2", "Acme.Orders2" },
        { "backend-api", "x", "X" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Any_name_becomes_a_valid_namespace_and_keeps_its_folder(string template, string name, string expectedNamespace)
    {
        var folder = await pack.GenerateAsync(template, name);

        Assert.Equal(name, Path.GetFileName(folder));
        Assert.True(File.Exists(Path.Combine(folder, expectedNamespace + ".slnx")), $"Expected {expectedNamespace}.slnx in {folder}.");
        Assert.Contains($"namespace {expectedNamespace}.Api.Hosting;", File.ReadAllText(Path.Combine(folder, "src/Api/Hosting/HealthCheckExtensions.cs")), StringComparison.Ordinal);
        Assert.Contains($"<RootNamespace>{expectedNamespace}.$(MSBuildProjectName)</RootNamespace>", File.ReadAllText(Path.Combine(folder, "Directory.Build.props")), StringComparison.Ordinal);
        CleanOutput.AssertClean(folder);
    }

    [Fact]
    public void Every_name_here_is_built_and_run_by_the_option_matrix() =>
        // "my app" stands for names with spaces; the matrix uses "My Shop & Co" for those.
        Assert.Superset(
            Names.Select(row => (string)row[1]).Where(name => name != "my app").ToHashSet(StringComparer.Ordinal),
            OptionMatrix.AdversarialNames.ToHashSet(StringComparer.Ordinal));

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
