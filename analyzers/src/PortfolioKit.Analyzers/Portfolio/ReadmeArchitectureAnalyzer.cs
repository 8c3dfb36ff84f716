using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9005: the README neither has an architecture section (a heading such as "Architecture", "Design", "How it
/// works", "Project structure" with something under it) nor a diagram: a Mermaid, PlantUML, Graphviz, D2 or
/// Structurizr block, an image whose alt text or file name says architecture/diagram/design/C4/components/system, or
/// a link to an architecture document.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadmeArchitectureAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ReadmeArchitecture,
        messageFormat: "The README has no architecture section or diagram; add a Mermaid diagram or an image of the components, with a few lines on what each does",
        description: "An architecture diagram shows system design at a glance: the parts, their dependencies, the data stores and how a request flows. A ```mermaid block renders on GitHub.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static readonly Regex DiagramLanguage = new(@"^(?:mermaid|plantuml|puml|dot|graphviz|d2|structurizr)$", RegexOptions.CultureInvariant);
    private static readonly Regex DiagramImage = new(@"architecture|diagram|design|\bc4\b|component|system|overview|topology", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex ArchitectureLink = new(@"architecture", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        var readme = Readme.Read(repository, context.CancellationToken);
        if (readme is null || HasArchitecture(readme))
        {
            return;
        }

        Report(context, Rule, readme.TopLocation());
    }

    private static bool HasArchitecture(Readme readme)
    {
        if (readme.FindHeading(Readme.ArchitectureHeading, withContent: true) is not null)
        {
            return true;
        }

        foreach (var block in readme.Document.CodeBlocks)
        {
            if (DiagramLanguage.IsMatch(block.Info))
            {
                return true;
            }
        }

        foreach (var image in readme.Document.Images)
        {
            if (DiagramImage.IsMatch(image.Text) || DiagramImage.IsMatch(image.Target))
            {
                return true;
            }
        }

        foreach (var link in readme.Document.Links)
        {
            if (ArchitectureLink.IsMatch(link.Text) || ArchitectureLink.IsMatch(link.Target))
            {
                return true;
            }
        }

        return false;
    }
}
