using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9004: the README has no command that runs the tests in a code block or inline code: <c>dotnet test</c>,
/// <c>make test</c>, <c>./eng/test.sh</c>, <c>docker compose run tests</c>, and similar. Reported on a heading about
/// tests when there is one, else on the title. A repository without a test project gets PK9104 instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadmeTestCommandAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ReadmeTestCommand,
        messageFormat: "The README does not show how to run the tests; add the command (such as `dotnet test`) in a code block, with what the tests need",
        description: "Tests are one of the first signals reviewers look for, and how to run them belongs next to how to run the project.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        var readme = Readme.Read(repository, context.CancellationToken);
        if (readme is null || !HasTestProject(repository, context))
        {
            return;
        }

        foreach (var (_, code) in readme.Document.CodeLines())
        {
            if (CommandLines.IsTestCommand(code))
            {
                return;
            }
        }

        var heading = readme.FindHeading(Readme.TestHeading, withContent: false);
        var location = heading is null ? readme.TopLocation() : readme.LineLocation(heading.Line);
        Report(context, Rule, location);
    }

    /// <summary>Without tests there is no command to show; PK9104 says what is missing.</summary>
    private static bool HasTestProject(RepositoryFiles repository, CompilationAnalysisContext context)
    {
        foreach (var project in RepositoryProjects.Read(repository, context.CancellationToken))
        {
            if (project.IsTest)
            {
                return true;
            }
        }

        return false;
    }
}
