using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9001NoReadmeTests
{
    [Fact]
    public Task Reports_a_repository_without_a_readme_once_without_a_location() =>
        new RepositoryScenario()
            .WithProject("src/Api/Api.csproj")
            .With("LICENSE", "License", "MIT License")
            .VerifyAsync<NoReadmeAnalyzer>(RepositoryScenario.Missing("PK9001"));

    [Theory]
    [InlineData("README.md")]
    [InlineData(".github/README.md")]
    [InlineData("docs/readme.rst")]
    public Task Accepts_a_readme_where_github_shows_it(string path) =>
        new RepositoryScenario().With(path, "Readme", "# Shop\n").VerifyAsync<NoReadmeAnalyzer>();

    [Fact]
    public Task Stays_silent_in_every_project_but_the_reporting_one() =>
        new RepositoryScenario().NotTheOwner().WithProject("src/Api/Api.csproj").VerifyAsync<NoReadmeAnalyzer>();

    [Fact]
    public Task Stays_silent_without_the_package_targets() =>
        new RepositoryScenario().NotTheOwner().VerifyAsync<NoReadmeAnalyzer>();

    [Fact]
    public Task A_severity_in_a_global_config_turns_it_off() =>
        new RepositoryScenario()
            .WithProject("src/Api/Api.csproj")
            .WithGlobalOption("dotnet_diagnostic.PK9001.severity = none")
            .VerifyAsync<NoReadmeAnalyzer>();
}
