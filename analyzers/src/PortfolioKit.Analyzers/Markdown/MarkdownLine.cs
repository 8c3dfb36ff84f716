namespace PortfolioKit.Analyzers.Markdown;

/// <summary>One line of a Markdown document: its kind and, for text and headings, its content without HTML comments.</summary>
internal readonly struct MarkdownLine
{
    public MarkdownLine(int number, MarkdownLineKind kind, string content)
    {
        Number = number;
        Kind = kind;
        Content = content;
    }

    /// <summary>Zero-based.</summary>
    public int Number { get; }

    public MarkdownLineKind Kind { get; }

    public string Content { get; }
}
