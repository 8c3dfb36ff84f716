using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9103: there are CI definitions but none runs the tests: no line (outside comments) with <c>dotnet test</c>,
/// <c>make test</c>, a test script, Azure Pipelines' <c>command: test</c>, or similar. Reported once, on the first
/// CI file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CiRunsNoTestsAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.CiRunsNoTests,
        messageFormat: "No CI workflow runs the tests; add a step such as 'run: dotnet test --no-build' after the build",
        description: "A CI workflow that only builds says little: reviewers look for tests that pass in CI.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        RepositoryFile? first = null;
        Microsoft.CodeAnalysis.Text.SourceText? firstText = null;
        foreach (var workflow in repository.OfKind(RepositoryFileKind.CiWorkflow))
        {
            var text = workflow.ReadText(context.CancellationToken);
            if (text is null)
            {
                // Unreadable: give it the benefit of the doubt rather than report something unverifiable.
                return;
            }

            if (first is null)
            {
                first = workflow;
                firstText = text;
            }

            foreach (var line in text.Lines)
            {
                var content = text.ToString(line.Span).TrimStart();
                if (!content.StartsWith("#", System.StringComparison.Ordinal) && !content.StartsWith("//", System.StringComparison.Ordinal)
                    && CommandLines.IsTestCommand(content))
                {
                    return;
                }
            }
        }

        if (first is not null && firstText is not null)
        {
            Report(context, Rule, first.LineLocation(firstText, FirstContentLine(firstText)));
        }
    }

    private static int FirstContentLine(Microsoft.CodeAnalysis.Text.SourceText text)
    {
        foreach (var line in text.Lines)
        {
            var content = text.ToString(line.Span).Trim();
            if (content.Length > 0 && !content.StartsWith("#", System.StringComparison.Ordinal))
            {
                return line.LineNumber;
            }
        }

        return 0;
    }
}
