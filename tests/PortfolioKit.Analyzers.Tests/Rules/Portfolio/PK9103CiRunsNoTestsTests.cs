using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9103CiRunsNoTestsTests
{
    private const string BuildOnly = """
        name: CI
        on: [push]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - name: Build and test
                run: dotnet build --configuration Release
              # - run: dotnet test
        """;

    [Fact]
    public Task Reports_workflows_that_only_build_once_on_the_first() =>
        new RepositoryScenario()
            .With(".github/workflows/ci.yml", "CiWorkflow", BuildOnly.Replace("name: CI", "{|PK9103:name: CI|}", StringComparison.Ordinal))
            .With(".github/workflows/codeql.yml", "CiWorkflow", "name: CodeQL\njobs:\n  analyze:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n")
            .VerifyAsync<CiRunsNoTestsAnalyzer>();

    [Theory]
    [InlineData("run: >\n          dotnet test --no-build\n          --collect \"XPlat Code Coverage\"")]
    [InlineData("run: make test")]
    [InlineData("run: ./eng/test.sh")]
    [InlineData("inputs:\n          command: 'test'")]
    public Task Accepts_a_step_that_runs_the_tests(string step) =>
        new RepositoryScenario()
            .With(".github/workflows/ci.yml", "CiWorkflow", BuildOnly)
            .With(".github/workflows/test.yml", "CiWorkflow", $"name: Tests\njobs:\n  test:\n    steps:\n      - {step}\n")
            .VerifyAsync<CiRunsNoTestsAnalyzer>();

    [Fact]
    public Task Leaves_a_repository_without_ci_to_PK9102() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<CiRunsNoTestsAnalyzer>();
}
