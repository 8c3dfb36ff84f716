using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>PK9101: no <c>LICENSE</c>, <c>LICENCE</c>, <c>COPYING</c> or <c>UNLICENSE</c> file in the root, and no <c>LICENSES/</c> folder.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoLicenseAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoLicense,
        messageFormat: "The repository has no LICENSE file; without one nobody may reuse the code (all rights reserved), so add one (MIT, Apache-2.0, ...) or turn PK9101 off to keep it so",
        description: "A licence gives legal clarity: without one, public code is all rights reserved. GitHub, OpenSSF Scorecard and Repolinter all look for a LICENSE file at the top level.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        if (!repository.Has(RepositoryFileKind.License))
        {
            Report(context, Rule, repository.MissingFileLocation(context.CancellationToken));
        }
    }
}
