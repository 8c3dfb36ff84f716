namespace PortfolioKit.Analyzers.Markdown;

/// <summary>An image (Markdown or HTML), a link, or an inline code span found in a text line.</summary>
internal readonly struct MarkdownInline
{
    public MarkdownInline(int line, string text, string target)
    {
        Line = line;
        Text = text;
        Target = target;
    }

    public int Line { get; }

    /// <summary>Alt text, link text, or the code.</summary>
    public string Text { get; }

    /// <summary>Image source or link target; empty for code.</summary>
    public string Target { get; }
}
