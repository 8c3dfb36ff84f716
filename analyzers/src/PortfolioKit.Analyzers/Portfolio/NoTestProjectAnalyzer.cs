using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9104: no project in the repository is a test project (see <see cref="RepositoryProjects"/> for how one is
/// recognised: test SDK or framework reference, IsTestProject, MSTest.Sdk, a *.Tests name, or a test
/// Directory.Build.props above it).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoTestProjectAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoTestProject,
        messageFormat: "The repository has no test project; add one (xUnit, NUnit or MSTest) under tests/ with unit tests of the domain and integration tests of the API",
        description: "Tests are the most cited signal in hiring managers' portfolio checklists; a back-end with none reads as a tutorial.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        foreach (var project in RepositoryProjects.Read(repository, context.CancellationToken))
        {
            if (project.IsTest)
            {
                return;
            }
        }

        Report(context, Rule, repository.MissingFileLocation(context.CancellationToken));
    }
}
