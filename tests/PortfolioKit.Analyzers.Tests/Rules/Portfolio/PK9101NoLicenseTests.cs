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
