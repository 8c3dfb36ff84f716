using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9102: no CI definition: no <c>.github/workflows/*.yml</c>, <c>.gitlab-ci.yml</c>, <c>azure-pipelines*.yml</c>,
/// <c>.circleci/</c>, <c>Jenkinsfile</c>, <c>.travis.yml</c>, <c>appveyor.yml</c>, <c>bitbucket-pipelines.yml</c> or
/// <c>.drone.yml</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoCiWorkflowAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoCiWorkflow,
        messageFormat: "The repository has no CI workflow; add .github/workflows/ci.yml that restores, builds and runs the tests on every push and pull request",
        description: "A green CI run on every push is evidence that the project builds and its tests pass somewhere other than the author's machine.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        if (!repository.Has(RepositoryFileKind.CiWorkflow))
        {
            Report(context, Rule, repository.MissingFileLocation(context.CancellationToken));
        }
    }
}
