using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9003: the README has no command that starts the project in a code block or inline code: <c>dotnet run</c>,
/// <c>dotnet watch</c>, <c>docker compose up</c>, <c>docker run</c>, <c>aspire run</c>, <c>make run</c>, a run script,
/// and similar. Reported on the "Getting started"/"Usage"/"Run" heading when there is one, else on the title.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadmeRunCommandAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ReadmeRunCommand,
        messageFormat: "The README shows no command that runs the project; add one a reviewer can copy, in a code block ({0})",
        description: "Reviewers want to see the project run with one command. Put it in a code block: dotnet run --project src/Api, docker compose up, or a script.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        var readme = Readme.Read(repository, context.CancellationToken);
        if (readme is null)
        {
            return;
        }

        foreach (var (_, code) in readme.Document.CodeLines())
        {
            if (CommandLines.IsRunCommand(code))
            {
                return;
            }
        }

        var example = repository.Has(RepositoryFileKind.Compose)
            ? "this repository has a compose file, so `docker compose up` is one"
            : "for example `dotnet run --project src/Api`";
        var heading = readme.FindHeading(Readme.RunHeading, withContent: false);
        var location = heading is null ? readme.TopLocation() : readme.LineLocation(heading.Line);
        Report(context, Rule, location, example);
    }
}
