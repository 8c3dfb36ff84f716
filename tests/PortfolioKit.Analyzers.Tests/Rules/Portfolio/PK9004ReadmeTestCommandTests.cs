using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9004ReadmeTestCommandTests
{
    private static Task VerifyAsync(string readme) =>
        new RepositoryScenario().WithReadme(readme).WithProject("tests/Shop.Tests/Shop.Tests.csproj").VerifyAsync<ReadmeTestCommandAnalyzer>();

    [Fact]
    public Task Reports_a_tests_section_that_only_describes_them() => VerifyAsync("""
        # Shop

        ```bash
        dotnet run --project src/Api
        ```

        {|PK9004:## Tests|}

        The domain is covered by unit tests and the API by integration tests.
        """);

    [Fact]
    public Task Reports_on_the_title_when_tests_are_not_mentioned() => VerifyAsync("""
        {|PK9004:# Shop|}

        ```bash
        dotnet build
        ```
        """);

    [Theory]
    [InlineData("```bash\ndotnet test\n```")]
    [InlineData("```bash\ndotnet test --filter Category=Unit\n```")]
    [InlineData("Run `make test` from the root.")]
    [InlineData("```bash\n./eng/test.sh\n```")]
    [InlineData("```bash\ndocker compose run --rm tests\n```")]
    [InlineData("```bash\nTEST_DATABASE_CONNECTION_STRING=\"Host=localhost\" dotnet test\n```")]
    public Task Accepts_a_test_command(string snippet) => VerifyAsync($"""
        # Shop

        ## Running the tests

        {snippet}
        """);
}
