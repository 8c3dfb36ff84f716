using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9101NoLicenseTests
{
    [Fact]
    public Task Reports_a_repository_without_a_licence() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<NoLicenseAnalyzer>(RepositoryScenario.Missing("PK9101"));

    [Fact]
    public Task Accepts_a_licence_file() =>
        new RepositoryScenario().With("LICENSE.txt", "License", "MIT License").VerifyAsync<NoLicenseAnalyzer>();
}

public class PK9102NoCiWorkflowTests
{
    [Fact]
    public Task Reports_a_repository_without_ci() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<NoCiWorkflowAnalyzer>(RepositoryScenario.Missing("PK9102"));

    [Fact]
    public Task Accepts_any_ci_definition() =>
        new RepositoryScenario().With(".gitlab-ci.yml", "CiWorkflow", "test:\n  script: dotnet test\n").VerifyAsync<NoCiWorkflowAnalyzer>();
}

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

public class PK9104NoTestProjectTests
{
    [Fact]
    public Task Reports_a_repository_whose_projects_are_not_tests() =>
        new RepositoryScenario()
            .WithProject("src/Api/Api.csproj")
            .WithProject("src/Contest/Contest.csproj")
            .With("Directory.Build.props", "BuildFile", """<Project><ItemGroup Condition="'$(IsTestProject)' == 'true'"><PackageReference Include="xunit" /></ItemGroup></Project>""")
            .VerifyAsync<NoTestProjectAnalyzer>(RepositoryScenario.Missing("PK9104"));

    [Theory]
    [InlineData("tests/Api.Tests/Api.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />")]
    [InlineData("tests/ApiTests/ApiTests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />")]
    [InlineData("src/Checks/Checks.csproj", "<Project><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /></ItemGroup></Project>")]
    [InlineData("src/Checks/Checks.csproj", "<Project Sdk=\"MSTest.Sdk/3.6.0\" />")]
    [InlineData("src/Checks/Checks.csproj", "<Project><ItemGroup><PackageReference Include=\"TUnit\" /></ItemGroup></Project>")]
    public Task Accepts_a_test_project(string path, string content) =>
        new RepositoryScenario().WithProject("src/Api/Api.csproj").WithProject(path, content).VerifyAsync<NoTestProjectAnalyzer>();

    [Fact]
    public Task Accepts_a_project_below_a_test_directory_build_props() =>
        new RepositoryScenario()
            .WithProject("src/Api/Api.csproj")
            .WithProject("tests/Integration/Integration.csproj")
            .With("tests/Directory.Build.props", "BuildFile", "<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>")
            .VerifyAsync<NoTestProjectAnalyzer>();
}

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

public class PK9106NoSecurityPolicyTests
{
    [Fact]
    public Task Suggests_a_security_policy() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<NoSecurityPolicyAnalyzer>(RepositoryScenario.Missing("PK9106", DiagnosticSeverity.Info));

    [Fact]
    public Task Accepts_one_in_the_github_folder() =>
        new RepositoryScenario().With(".github/SECURITY.md", "SecurityPolicy", "Report to security@example.com").VerifyAsync<NoSecurityPolicyAnalyzer>();
}
