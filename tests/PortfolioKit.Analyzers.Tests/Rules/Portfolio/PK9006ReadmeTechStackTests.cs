using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9006ReadmeTechStackTests
{
    private static Task VerifyAsync(string readme) => new RepositoryScenario().WithReadme(readme).VerifyAsync<ReadmeTechStackAnalyzer>();

    [Fact]
    public Task Reports_a_readme_without_a_stack() => VerifyAsync("""
        {|PK9006:# Shop|}

        An ordering API.

        ## Tech stack

        ## Usage

        Run it.
        """);

    [Theory]
    [InlineData("## Tech stack\n\n- .NET 10, ASP.NET Core minimal APIs\n- PostgreSQL")]
    [InlineData("## Built with\n\n* ASP.NET Core\n* EF Core")]
    [InlineData("## Technologies\n\n| Layer | Technology |\n| --- | --- |\n| API | ASP.NET Core |")]
    [InlineData("**Tech stack:** .NET 10, EF Core, PostgreSQL, Docker")]
    [InlineData("## Stack\n\n![.NET](https://img.shields.io/badge/.NET-10-512BD4)")]
    public Task Accepts_a_stack_in_other_words(string stack) => VerifyAsync($"""
        # Shop

        An ordering API.

        {stack}
        """);
}
