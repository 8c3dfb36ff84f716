using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9105: nothing keeps the NuGet packages up to date: no Dependabot or Renovate configuration, or a
/// <c>dependabot.yml</c> without a <c>nuget</c> ecosystem (reported on that file). Any Renovate configuration counts,
/// since Renovate updates NuGet packages by default.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoDependencyUpdatesAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoDependencyUpdates,
        messageFormat: "{0}",
        description: "Dependabot or Renovate pull requests keep packages patched and show dependency hygiene; OpenSSF Scorecard rates a missing update tool as a high risk.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static readonly Regex NuGetEcosystem = new(@"package-ecosystem\s*:\s*[""']?nuget\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        RepositoryFile? dependabot = null;
        Microsoft.CodeAnalysis.Text.SourceText? dependabotText = null;
        foreach (var file in repository.OfKind(RepositoryFileKind.DependencyUpdates))
        {
            if (file.FileName.IndexOf("dependabot", System.StringComparison.OrdinalIgnoreCase) < 0)
            {
                return;
            }

            var text = file.ReadText(context.CancellationToken);
            if (text is null || NuGetEcosystem.IsMatch(text.ToString()))
            {
                return;
            }

            dependabot = file;
            dependabotText = text;
        }

        if (dependabot is not null && dependabotText is not null)
        {
            Report(
                context,
                Rule,
                dependabot.LineLocation(dependabotText, 0),
                "dependabot.yml does not update NuGet packages; add an update entry with 'package-ecosystem: nuget'");
            return;
        }

        Report(
            context,
            Rule,
            repository.MissingFileLocation(context.CancellationToken),
            "Nothing keeps the dependencies up to date; add .github/dependabot.yml with a 'nuget' entry (or a Renovate configuration)");
    }
}
