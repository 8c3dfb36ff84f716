namespace PortfolioKit.Analyzers.Markdown;

/// <summary>A heading: ATX (<c>## Run</c>), setext (underlined) or HTML (<c>&lt;h1&gt;</c>).</summary>
internal sealed class MarkdownHeading
{
    public MarkdownHeading(int line, int level, string text)
    {
        Line = line;
        Level = level;
        Text = text;
    }

    public int Line { get; }

    public int Level { get; }

    public string Text { get; }
}
