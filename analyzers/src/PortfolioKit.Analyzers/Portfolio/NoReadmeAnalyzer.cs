using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>PK9001: the repository has no README (in the root, <c>.github/</c> or <c>docs/</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoReadmeAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoReadme,
        messageFormat: "The repository has no README; add a README.md that says what the project does, how to run and test it, and how it is built",
        description: "The README is the first thing a reviewer opens, and repositories without one are skipped. GitHub shows README* from .github/, the root or docs/.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        if (!repository.Has(RepositoryFileKind.Readme))
        {
            Report(context, Rule, repository.MissingFileLocation(context.CancellationToken));
        }
    }
}
