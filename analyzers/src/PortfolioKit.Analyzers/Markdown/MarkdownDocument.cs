using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace PortfolioKit.Analyzers.Markdown;

/// <summary>
/// A README read as GitHub reads it (CommonMark with GitHub's tables, autolinks and task lists, by Markdig; see
/// <see cref="MarkdownReader"/>), reduced to what the README rules look at: the kind of each line, the headings, the
/// code blocks, and the images, links and inline code. Parsed once per text and shared by the README rules.
/// </summary>
internal sealed class MarkdownDocument
{
    /// <summary>Inline markup is only stripped from the first this many characters of a line, so a pathological line stays cheap.</summary>
    internal const int MaxInlineLineLength = 4000;

    private static readonly ConditionalWeakTable<SourceText, MarkdownDocument> Cache = new();

    private static readonly Regex HtmlTag = new(@"<[^<>]{0,500}>", RegexOptions.CultureInvariant);
    private static readonly Regex MarkdownImage = new(@"!\[(?<text>[^\[\]]{0,500})\]\((?<target>[^()\s]{0,1000})[^()]{0,1000}\)", RegexOptions.CultureInvariant);
    private static readonly Regex MarkdownLink = new(@"(?<!!)\[(?<text>[^\[\]]{0,500})\]\((?<target>[^()\s]{0,1000})[^()]{0,1000}\)", RegexOptions.CultureInvariant);

    public MarkdownDocument(
        ImmutableArray<MarkdownLine> lines,
        ImmutableArray<MarkdownHeading> headings,
        ImmutableArray<MarkdownCodeBlock> codeBlocks,
        ImmutableArray<MarkdownInline> images,
        ImmutableArray<MarkdownInline> links,
        ImmutableArray<MarkdownInline> inlineCode)
    {
        Lines = lines;
        Headings = headings;
        CodeBlocks = codeBlocks;
        Images = images;
        Links = links;
        InlineCode = inlineCode;
    }

    public ImmutableArray<MarkdownLine> Lines { get; }

    public ImmutableArray<MarkdownHeading> Headings { get; }

    public ImmutableArray<MarkdownCodeBlock> CodeBlocks { get; }

    public ImmutableArray<MarkdownInline> Images { get; }

    public ImmutableArray<MarkdownInline> Links { get; }

    public ImmutableArray<MarkdownInline> InlineCode { get; }

    /// <summary>The first line that is not blank, a comment or front matter; the first line when there is none.</summary>
    public int FirstContentLine
    {
        get
        {
            foreach (var line in Lines)
            {
                if (line.Kind is MarkdownLineKind.Text or MarkdownLineKind.Heading or MarkdownLineKind.Code)
                {
                    return line.Number;
                }
            }

            return 0;
        }
    }

    public static MarkdownDocument Get(SourceText text) => Cache.GetValue(text, MarkdownReader.Read);

    /// <summary>The lines under a heading, up to the next heading of the same or a higher level.</summary>
    public IEnumerable<MarkdownLine> Section(MarkdownHeading heading)
    {
        var end = SectionEnd(heading);
        for (var i = heading.Line + 1; i < end; i++)
        {
            yield return Lines[i];
        }
    }

    /// <summary>The line just past the section of <paramref name="heading"/>.</summary>
    public int SectionEnd(MarkdownHeading heading)
    {
        foreach (var other in Headings)
        {
            if (other.Line > heading.Line && other.Level <= heading.Level)
            {
                return other.Line;
            }
        }

        return Lines.Length;
    }

    /// <summary>Whether the section holds anything: text, a code block or a sub-section with text.</summary>
    public bool SectionHasContent(MarkdownHeading heading)
    {
        foreach (var line in Section(heading))
        {
            if (line.Kind is MarkdownLineKind.Text or MarkdownLineKind.Code)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every code line: the lines of code blocks and the inline code spans.</summary>
    public IEnumerable<(int Line, string Code)> CodeLines()
    {
        foreach (var block in CodeBlocks)
        {
            foreach (var line in block.Lines)
            {
                yield return (line.Number, line.Content);
            }
        }

        foreach (var code in InlineCode)
        {
            yield return (code.Line, code.Text);
        }
    }

    /// <summary>Text with images, link targets, HTML tags and Markdown punctuation removed: the words a reader sees.</summary>
    public static string VisibleText(string content)
    {
        var text = content.Length > MaxInlineLineLength ? content.Substring(0, MaxInlineLineLength) : content;
        text = MarkdownImage.Replace(text, " ");
        text = MarkdownLink.Replace(text, m => m.Groups["text"].Value + " ");
        return HtmlTag.Replace(text, " ");
    }
}
