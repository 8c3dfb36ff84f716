using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9006: the README does not list its tech stack: no section under a heading such as "Tech stack", "Stack",
/// "Technologies", "Built with", "Tools", "Frameworks" or "Libraries", and no paragraph starting with "Tech stack:".
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadmeTechStackAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ReadmeTechStack,
        messageFormat: "The README does not list the tech stack; add a 'Tech stack' section naming the framework, the database, messaging and infrastructure",
        description: "Recruiters and reviewers scan a repository for the technologies of the job description. A short list (.NET and ASP.NET Core version, database, broker, testing, CI, containers) answers them in seconds.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        var readme = Readme.Read(repository, context.CancellationToken);
        if (readme is null || readme.FindTechStack() is not null)
        {
            return;
        }

        Report(context, Rule, readme.TopLocation());
    }
}
