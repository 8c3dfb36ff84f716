using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9005ReadmeArchitectureTests
{
    private static Task VerifyAsync(string readme) => new RepositoryScenario().WithReadme(readme).VerifyAsync<ReadmeArchitectureAnalyzer>();

    [Fact]
    public Task Reports_a_readme_without_architecture() => VerifyAsync("""
        {|PK9005:# Shop|}

        An ordering API.

        ## Usage

        Run it.
        """);

    [Fact]
    public Task Reports_an_empty_architecture_heading_and_a_screenshot() => VerifyAsync("""
        {|PK9005:# Shop|}

        ![Screenshot of the API reference](docs/screenshot.png)

        ## Architecture

        ## Usage
        """);

    [Theory]
    [InlineData("## Architecture\n\nThree projects: Domain, Infrastructure and Api.")]
    [InlineData("## How it works\n\nRequests go through validation, then the domain, then EF Core.")]
    [InlineData("## Design\n\n- Api depends on Domain")]
    [InlineData("## Overview\n\n```mermaid\nflowchart LR\n  api --> db\n```")]
    [InlineData("## Overview\n\n![Architecture diagram](docs/architecture.png)")]
    [InlineData("## Overview\n\n<img src=\"docs/c4-containers.svg\" width=\"600\">")]
    [InlineData("## Overview\n\nSee [the design notes](docs/architecture.md).")]
    [InlineData("## Project structure\n\n```\nsrc/Api\nsrc/Domain\n```")]
    public Task Accepts_a_section_or_a_diagram(string section) => VerifyAsync($"""
        # Shop

        An ordering API.

        {section}
        """);
}
