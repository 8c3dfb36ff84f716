using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9007: the README's tech stack and the code disagree about a database or message broker (PostgreSQL, MySQL or
/// MariaDB, SQLite, SQL Server, MongoDB, Redis, RabbitMQ, Kafka, Azure Service Bus, Amazon SQS). The code is the
/// reporting compilation's references plus the package references written in the repository's project files and
/// Directory.Build.props. A name the stack gives that no project uses is reported on its line; a client that a
/// non-test project uses but the stack does not name is reported on the stack's heading.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadmeTechStackMismatchAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ReadmeTechStackMismatch,
        messageFormat: "{0}",
        description: "A reviewer who reads 'PostgreSQL' in the tech stack and finds SQLite in the project file stops trusting the rest of the README; a database or broker the code uses but the stack leaves out is a keyword recruiters miss.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        var readme = Readme.Read(repository, context.CancellationToken);
        var stack = readme?.FindTechStack();
        if (readme is null || stack is null)
        {
            return;
        }

        var (usedAnywhere, usedInProduct) = Used(context, repository);
        var named = new HashSet<Technology>();
        foreach (var technology in TechStack.Technologies)
        {
            foreach (var line in stack.Lines)
            {
                var match = technology.Words.Match(line.Content);
                if (!match.Success)
                {
                    continue;
                }

                named.Add(technology);
                if (!usedAnywhere.ContainsKey(technology))
                {
                    var message = $"The tech stack names {technology.Name}, but no project references a {technology.Name} client ({string.Join(", ", technology.Clients)}); remove it or say it is planned elsewhere";
                    Report(context, Rule, readme.LineLocation(line.Number), message);
                }

                break;
            }
        }

        foreach (var technology in TechStack.Technologies)
        {
            if (!named.Contains(technology) && usedInProduct.TryGetValue(technology, out var client))
            {
                var message = $"The code uses {technology.Name} ({client}), but the README's tech stack does not name it";
                Report(context, Rule, readme.LineLocation(stack.Line), message);
            }
        }
    }

    /// <summary>
    /// The technologies whose clients the code uses, with the client that shows it: anywhere (tests included, which
    /// backs a claim in the stack) and outside tests (which the stack must name).
    /// </summary>
    private static (Dictionary<Technology, string> Anywhere, Dictionary<Technology, string> InProduct) Used(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        var usedAnywhere = new Dictionary<Technology, string>();
        var usedInProduct = new Dictionary<Technology, string>();
        var projects = RepositoryProjects.Read(repository, context.CancellationToken);
        var ownerIsTest = CompilationTraits.IsTestProject(context.Compilation);
        foreach (var reference in context.Compilation.ReferencedAssemblyNames)
        {
            Record(reference.Name, countsForProduct: !ownerIsTest);
        }

        foreach (var project in projects)
        {
            foreach (var package in project.Packages)
            {
                Record(package, countsForProduct: !project.IsTest);
            }
        }

        return (usedAnywhere, usedInProduct);

        void Record(string name, bool countsForProduct)
        {
            foreach (var technology in TechStack.Technologies)
            {
                if (technology.IsClient(name))
                {
                    if (!usedAnywhere.ContainsKey(technology))
                    {
                        usedAnywhere.Add(technology, name);
                    }

                    if (countsForProduct && !usedInProduct.ContainsKey(technology))
                    {
                        usedInProduct.Add(technology, name);
                    }
                }
            }
        }
    }
}
