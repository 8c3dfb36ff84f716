using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>PK9106: no <c>SECURITY.md</c> (or <c>.markdown</c>, <c>.adoc</c>, <c>.rst</c>, <c>.txt</c>) in the root, <c>.github/</c> or <c>docs/</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoSecurityPolicyAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoSecurityPolicy,
        messageFormat: "The repository has no SECURITY.md; add one that says how to report a vulnerability privately",
        description: "GitHub's community profile and OpenSSF Scorecard look for a security policy. It matters little for hiring, hence a suggestion, but it takes five lines.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        if (!repository.Has(RepositoryFileKind.SecurityPolicy))
        {
            Report(context, Rule, repository.MissingFileLocation(context.CancellationToken));
        }
    }
}
