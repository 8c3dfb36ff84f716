namespace PortfolioKit.Analyzers.Markdown;

/// <summary>What a line of a README is, as far as the README rules care.</summary>
internal enum MarkdownLineKind
{
    Blank,
    Text,
    Heading,
    Code,
    Comment,
    FrontMatter,
    Rule,
}
