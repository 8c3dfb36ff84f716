using Microsoft.CodeAnalysis;
using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9106NoSecurityPolicyTests
{
    [Fact]
    public Task Suggests_a_security_policy() =>
        new RepositoryScenario().WithReadme("# Shop\n").VerifyAsync<NoSecurityPolicyAnalyzer>(RepositoryScenario.Missing("PK9106", DiagnosticSeverity.Info));

    [Fact]
    public Task Accepts_one_in_the_github_folder() =>
        new RepositoryScenario().With(".github/SECURITY.md", "SecurityPolicy", "Report to security@example.com").VerifyAsync<NoSecurityPolicyAnalyzer>();
}
