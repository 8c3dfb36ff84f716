using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9102NoCiWorkflowTests
{
    [Fact]
    public Task Reports_a_repository_without_ci() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<NoCiWorkflowAnalyzer>(RepositoryScenario.Missing("PK9102"));

    [Fact]
    public Task Accepts_any_ci_definition() =>
        new RepositoryScenario().With(".gitlab-ci.yml", "CiWorkflow", "test:\n  script: dotnet test\n").VerifyAsync<NoCiWorkflowAnalyzer>();
}
