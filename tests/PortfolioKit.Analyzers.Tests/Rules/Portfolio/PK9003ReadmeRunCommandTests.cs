using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9003ReadmeRunCommandTests
{
    private static Task VerifyAsync(string readme) => new RepositoryScenario().WithReadme(readme).VerifyAsync<ReadmeRunCommandAnalyzer>();

    [Fact]
    public Task Reports_on_the_title_when_no_command_is_shown() => VerifyAsync("""
        {|PK9003:# Shop|}

        An ordering API. Build it and run it the usual way.
        """);

    [Fact]
    public Task Reports_on_a_getting_started_section_without_a_command() => VerifyAsync("""
        # Shop

        An ordering API.

        {|PK9003:## Getting started|}

        Open the solution in your IDE and press F5.

        ```bash
        dotnet build
        dotnet test
        ```
        """);

    [Theory]
    [InlineData("```bash\ndotnet run --project src/Api\n```")]
    [InlineData("```sh\n$ docker compose up --build\n```")]
    [InlineData("```\ndocker-compose up -d\n```")]
    [InlineData("```powershell\ndotnet watch --project src/Api\n```")]
    [InlineData("```bash\n./eng/demo.sh\n```")]
    [InlineData("```bash\nmake run\n```")]
    [InlineData("```bash\ndotnet publish -c Release -o out && dotnet out/Shop.Api.dll\n```")]
    [InlineData("Start it with `aspire run` from the root.")]
    public Task Accepts_a_run_command_under_any_heading(string snippet) => VerifyAsync($"""
        # Shop

        An ordering API.

        ## Quick start

        {snippet}
        """);

    [Fact]
    public Task Ignores_a_command_in_an_html_comment() => VerifyAsync("""
        {|PK9003:# Shop|}

        <!--
        ```bash
        dotnet run
        ```
        -->
        """);

    [Fact]
    public Task Suggests_docker_compose_when_the_repository_has_a_compose_file() =>
        new RepositoryScenario()
            .WithReadme("# Shop\n\nAn ordering API.\n")
            .With("compose.yaml", "Compose", "services: {}\n")
            .VerifyAsync<ReadmeRunCommandAnalyzer>(
                new DiagnosticResult("PK9003", DiagnosticSeverity.Warning)
                    .WithSpan(RepositoryScenario.Root + "README.md", 1, 1, 1, 7)
                    .WithArguments("this repository has a compose file, so `docker compose up` is one"));
}
