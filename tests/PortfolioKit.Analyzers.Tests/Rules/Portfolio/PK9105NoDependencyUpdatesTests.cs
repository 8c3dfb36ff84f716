using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9105NoDependencyUpdatesTests
{
    [Fact]
    public Task Reports_a_repository_without_dependabot_or_renovate() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<NoDependencyUpdatesAnalyzer>(RepositoryScenario.Missing("PK9105"));

    [Fact]
    public Task Reports_dependabot_that_does_not_update_nuget() =>
        new RepositoryScenario()
            .With(".github/dependabot.yml", "DependencyUpdates", "{|PK9105:version: 2|}\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n")
            .VerifyAsync<NoDependencyUpdatesAnalyzer>();

    [Theory]
    [InlineData(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: \"nuget\"\n    directory: /\n")]
    [InlineData("renovate.json", "{ \"extends\": [\"config:recommended\"] }")]
    public Task Accepts_an_update_tool_for_nuget(string path, string content) =>
        new RepositoryScenario().With(path, "DependencyUpdates", content).VerifyAsync<NoDependencyUpdatesAnalyzer>();
}
