using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// The README GitHub shows (the first of <c>.github/</c>, the root and <c>docs/</c>; <c>README.md</c> before other
/// names there), parsed as Markdown. Content rules only read Markdown READMEs (<c>.md</c>, <c>.markdown</c> or no
/// extension); a README in another format only satisfies PK9001.
/// </summary>
internal sealed class Readme
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public static readonly Regex RunHeading = new(
        @"\b(?:run|running|getting\s+started|get\s+started|quick\s*start|usage|set\s*-?up|install|installation|local\s+development|how\s+to\s+(?:run|use|start)|start|launch|try\s+it|demo)\b",
        Options);

    public static readonly Regex TestHeading = new(@"\btest", Options);

    public static readonly Regex ArchitectureHeading = new(
        @"\b(?:architecture|design|how\s+it\s+works|system\s+overview|components|(?:project|solution|folder|repository|code|directory)\s+(?:structure|layout)|diagrams?|c4)\b",
        Options);

    /// <summary>
    /// A heading that names the stack: it starts with one of the words ("Tech stack", "Built with", "Technologies used",
    /// "Tools &amp; libraries", "Frameworks"), after any emoji or numbering, or says "tech stack" anywhere. A heading that only
    /// contains such a word ("Entity Framework Migrations", "Testing tools") is about something else.
    /// </summary>
    public static readonly Regex StackHeading = new(
        @"^[^\p{L}\p{N}]*(?:\d+[.)]?\s*)?(?:(?:the|our|main|key)\s+)?(?:tech(?:nology|nologies)?\s*-?\s*stack|stack|technolog(?:y|ies)(?:\s+used)?|built\s+with|made\s+with|powered\s+by|tools|tooling|frameworks?|libraries|dependencies)\b"
        + @"|\btech(?:nology)?\s*-?\s*stack\b",
        Options);

    /// <summary>A first section that holds the project's description under a heading of its own.</summary>
    public static readonly Regex OverviewHeading = new(
        @"^[^\p{L}\p{N}]*(?:overview|about(?:\s+(?:the|this)\s+project)?|introduction|intro|description|summary|what\s+(?:is\s+(?:it|this)|it\s+does)|purpose)\W*$",
        Options);

    /// <summary>A "**Tech stack:** ..." line instead of a section.</summary>
    public static readonly Regex StackLine = new(
        @"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?:tech(?:nology)?\s*-?\s*stack|stack|built\s+with|technologies)(?:\*\*|__)?\s*:",
        Options);

    private Readme(RepositoryFile file, SourceText text, MarkdownDocument document)
    {
        File = file;
        Text = text;
        Document = document;
    }

    public RepositoryFile File { get; }

    public SourceText Text { get; }

    public MarkdownDocument Document { get; }

    /// <summary>The document's title: its first heading when that is a level-1 heading.</summary>
    public MarkdownHeading? Title => Document.Headings.Length > 0 && Document.Headings[0].Level == 1 ? Document.Headings[0] : null;

    public static RepositoryFile? Find(RepositoryFiles repository)
    {
        RepositoryFile? best = null;
        var bestRank = int.MaxValue;
        foreach (var file in repository.OfKind(RepositoryFileKind.Readme))
        {
            var folderRank = file.Directory switch
            {
                ".github" => 0,
                "" => 1,
                "docs" => 2,
                _ => 3,
            };
            var nameRank = file.FileName.ToUpperInvariant() switch
            {
                "README.MD" => 0,
                "README.MARKDOWN" => 1,
                "README" => 2,
                _ => 3,
            };
            var rank = (folderRank * 10) + nameRank;
            if (rank < bestRank)
            {
                best = file;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>The README to check for content; null when there is none, or it is not Markdown, or it is not readable text.</summary>
    public static Readme? Read(RepositoryFiles repository, CancellationToken cancellationToken)
    {
        var file = Find(repository);
        if (file is null || !IsMarkdown(file.FileName))
        {
            return null;
        }

        var text = file.ReadText(cancellationToken);
        return text is null ? null : new Readme(file, text, MarkdownDocument.Get(text));
    }

    /// <summary>The first heading other than the title whose text matches, optionally only when its section has content.</summary>
    public MarkdownHeading? FindHeading(Regex pattern, bool withContent)
    {
        foreach (var heading in Document.Headings)
        {
            if (heading != Title && pattern.IsMatch(heading.Text) && (!withContent || Document.SectionHasContent(heading)))
            {
                return heading;
            }
        }

        return null;
    }

    /// <summary>
    /// The tech stack: the section under a "Tech stack"/"Built with"/"Technologies"/... heading that has content, or
    /// else a paragraph that starts with "Tech stack:" (bold or not). Null when there is neither.
    /// </summary>
    public ReadmeTechStack? FindTechStack()
    {
        var heading = FindHeading(StackHeading, withContent: true);
        if (heading is not null)
        {
            var lines = ImmutableArray.CreateBuilder<MarkdownLine>();
            foreach (var line in Document.Section(heading))
            {
                if (line.Kind is MarkdownLineKind.Text or MarkdownLineKind.Heading)
                {
                    lines.Add(line);
                }
            }

            return new ReadmeTechStack(heading.Line, lines.ToImmutable());
        }

        var allLines = Document.Lines;
        for (var i = 0; i < allLines.Length; i++)
        {
            if (allLines[i].Kind == MarkdownLineKind.Text && StackLine.IsMatch(allLines[i].Content))
            {
                var lines = ImmutableArray.CreateBuilder<MarkdownLine>();
                for (var j = i; j < allLines.Length && allLines[j].Kind == MarkdownLineKind.Text; j++)
                {
                    lines.Add(allLines[j]);
                }

                return new ReadmeTechStack(i, lines.ToImmutable());
            }
        }

        return null;
    }

    /// <summary>The README's title line, or its first line with content.</summary>
    public Location TopLocation() => File.LineLocation(Text, Title?.Line ?? Document.FirstContentLine);

    public Location LineLocation(int line) => File.LineLocation(Text, line);

    private static bool IsMarkdown(string fileName)
    {
        var extension = System.IO.Path.GetExtension(fileName);
        return extension.Length == 0
            || string.Equals(extension, ".md", StringComparison.OrdinalIgnoreCase)
            || string.Equals(extension, ".markdown", StringComparison.OrdinalIgnoreCase);
    }
}
