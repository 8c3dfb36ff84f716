using System.Collections.Immutable;

namespace PortfolioKit.Analyzers.Markdown;

/// <summary>A fenced or indented code block.</summary>
internal sealed class MarkdownCodeBlock
{
    public MarkdownCodeBlock(int startLine, string info, ImmutableArray<MarkdownLine> lines)
    {
        StartLine = startLine;
        Info = info;
        Lines = lines;
    }

    /// <summary>The line of the opening fence.</summary>
    public int StartLine { get; }

    /// <summary>The info string after the opening fence, lower-case (<c>bash</c>, <c>mermaid</c>, ...).</summary>
    public string Info { get; }

    public ImmutableArray<MarkdownLine> Lines { get; }
}
