using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

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
