using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Repository;

namespace PortfolioKit.Analyzers.Markdown;

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

/// <summary>
/// A tolerant, line-based reading of a README: headings (ATX, setext and HTML), fenced code blocks, images, links
/// and inline code. HTML comments and front matter are skipped. It is linear in the size of the text; inline
/// elements are only looked for in the first <see cref="MaxInlineLineLength"/> characters of a line, so a
/// pathological line cannot make it slow. Parsed once per text and shared by the README rules.
/// </summary>
internal sealed class MarkdownDocument
{
    private const int MaxInlineLineLength = 4000;

    private static readonly char[] InfoStringEnd = { ' ', '\t', '{' };

    private static readonly ConditionalWeakTable<SourceText, MarkdownDocument> Cache = new();

    private static readonly Regex AtxHeading = new(@"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex HtmlHeading = new(@"^\s*<h([1-6])\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex HtmlTag = new(@"<[^<>]{0,500}>", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex MarkdownImage = new(@"!\[(?<text>[^\[\]]{0,500})\]\((?<target>[^()\s]{0,1000})", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex HtmlImage = new(@"<img\b[^<>]{0,1000}>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex HtmlAttribute = new(@"\b(?<name>alt|src)\s*=\s*[""'](?<value>[^""'<>]{0,1000})[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex MarkdownLink = new(@"(?<!!)\[(?<text>[^\[\]]{0,500})\]\((?<target>[^()\s]{0,1000})", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex HtmlLink = new(@"<a\b[^<>]{0,1000}\bhref\s*=\s*[""'](?<target>[^""'<>]{0,1000})[""'][^<>]{0,1000}>(?<text>[^<>]{0,500})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private MarkdownDocument(
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

    public static MarkdownDocument Get(SourceText text) => Cache.GetValue(text, Parse);

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

    /// <summary>The lines under a heading, up to the next heading of the same or a higher level.</summary>
    public IEnumerable<MarkdownLine> Section(MarkdownHeading heading)
    {
        var end = Lines.Length;
        foreach (var other in Headings)
        {
            if (other.Line > heading.Line && other.Level <= heading.Level)
            {
                end = other.Line;
                break;
            }
        }

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

    /// <summary>Every code line: the lines of fenced blocks and the inline code spans.</summary>
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
        text = HtmlImage.Replace(text, " ");
        text = MarkdownLink.Replace(text, m => m.Groups["text"].Value + " ");
        return HtmlTag.Replace(text, " ");
    }

    private static MarkdownDocument Parse(SourceText text)
    {
        var lines = ImmutableArray.CreateBuilder<MarkdownLine>(text.Lines.Count);
        var headings = ImmutableArray.CreateBuilder<MarkdownHeading>();
        var blocks = ImmutableArray.CreateBuilder<MarkdownCodeBlock>();
        var images = ImmutableArray.CreateBuilder<MarkdownInline>();
        var links = ImmutableArray.CreateBuilder<MarkdownInline>();
        var inlineCode = ImmutableArray.CreateBuilder<MarkdownInline>();

        var inFrontMatter = false;
        var inComment = false;
        var fenceChar = '\0';
        var fenceLength = 0;
        var fenceStart = 0;
        var fenceInfo = string.Empty;
        ImmutableArray<MarkdownLine>.Builder? fenceLines = null;

        foreach (var textLine in text.Lines)
        {
            var number = textLine.LineNumber;
            var raw = text.ToString(textLine.Span);

            if (number == 0 && raw.Trim() == "---")
            {
                inFrontMatter = true;
                lines.Add(new MarkdownLine(number, MarkdownLineKind.FrontMatter, string.Empty));
                continue;
            }

            if (inFrontMatter)
            {
                var trimmedFrontMatter = raw.Trim();
                inFrontMatter = trimmedFrontMatter is not ("---" or "...");
                lines.Add(new MarkdownLine(number, MarkdownLineKind.FrontMatter, string.Empty));
                continue;
            }

            if (fenceLines is not null)
            {
                if (IsClosingFence(raw, fenceChar, fenceLength))
                {
                    blocks.Add(new MarkdownCodeBlock(fenceStart, fenceInfo, fenceLines.ToImmutable()));
                    fenceLines = null;
                    lines.Add(new MarkdownLine(number, MarkdownLineKind.Code, string.Empty));
                }
                else
                {
                    var codeLine = new MarkdownLine(number, MarkdownLineKind.Code, raw);
                    fenceLines.Add(codeLine);
                    lines.Add(codeLine);
                }

                continue;
            }

            var hadComment = inComment || raw.IndexOf("<!--", StringComparison.Ordinal) >= 0;
            var content = StripComments(raw, ref inComment);
            if (TryOpenFence(content, out fenceChar, out fenceLength, out fenceInfo))
            {
                fenceStart = number;
                fenceLines = ImmutableArray.CreateBuilder<MarkdownLine>();
                lines.Add(new MarkdownLine(number, MarkdownLineKind.Code, string.Empty));
                continue;
            }

            var trimmed = content.Trim();
            if (trimmed.Length == 0)
            {
                lines.Add(new MarkdownLine(number, hadComment ? MarkdownLineKind.Comment : MarkdownLineKind.Blank, string.Empty));
                continue;
            }

            var scanned = content.Length > MaxInlineLineLength ? content.Substring(0, MaxInlineLineLength) : content;
            var atx = scanned.IndexOf('#') >= 0 ? AtxHeading.Match(scanned) : Match.Empty;
            if (atx.Success)
            {
                AddHeading(number, atx.Groups[1].Length, atx.Groups[2].Value.Trim());
                continue;
            }

            var html = HtmlHeading.Match(scanned);
            if (html.Success)
            {
                AddHeading(number, html.Groups[1].Value[0] - '0', VisibleText(scanned).Trim());
                CollectInlines(number, scanned);
                continue;
            }

            if (IsSetextUnderline(trimmed, out var setextLevel) && lines.Count > 0 && lines[lines.Count - 1].Kind == MarkdownLineKind.Text)
            {
                var previous = lines[lines.Count - 1];
                lines[lines.Count - 1] = new MarkdownLine(previous.Number, MarkdownLineKind.Heading, previous.Content);
                headings.Add(new MarkdownHeading(previous.Number, setextLevel, VisibleText(previous.Content).Trim()));
                lines.Add(new MarkdownLine(number, MarkdownLineKind.Rule, string.Empty));
                continue;
            }

            if (IsThematicBreak(trimmed))
            {
                lines.Add(new MarkdownLine(number, MarkdownLineKind.Rule, string.Empty));
                continue;
            }

            lines.Add(new MarkdownLine(number, MarkdownLineKind.Text, content));
            CollectInlines(number, scanned);
        }

        if (fenceLines is not null)
        {
            blocks.Add(new MarkdownCodeBlock(fenceStart, fenceInfo, fenceLines.ToImmutable()));
        }

        return new MarkdownDocument(lines.ToImmutable(), headings.ToImmutable(), blocks.ToImmutable(), images.ToImmutable(), links.ToImmutable(), inlineCode.ToImmutable());

        void AddHeading(int number, int level, string headingText)
        {
            lines.Add(new MarkdownLine(number, MarkdownLineKind.Heading, headingText));
            headings.Add(new MarkdownHeading(number, level, headingText));
        }

        void CollectInlines(int number, string content)
        {
            if (content.IndexOf('!') >= 0 || content.IndexOf('<') >= 0)
            {
                foreach (Match image in MarkdownImage.Matches(content))
                {
                    images.Add(new MarkdownInline(number, image.Groups["text"].Value, image.Groups["target"].Value));
                }

                foreach (Match image in HtmlImage.Matches(content))
                {
                    string alt = string.Empty, source = string.Empty;
                    foreach (Match attribute in HtmlAttribute.Matches(image.Value))
                    {
                        if (string.Equals(attribute.Groups["name"].Value, "alt", StringComparison.OrdinalIgnoreCase))
                        {
                            alt = attribute.Groups["value"].Value;
                        }
                        else
                        {
                            source = attribute.Groups["value"].Value;
                        }
                    }

                    images.Add(new MarkdownInline(number, alt, source));
                }
            }

            if (content.IndexOf('[') >= 0)
            {
                foreach (Match link in MarkdownLink.Matches(content))
                {
                    links.Add(new MarkdownInline(number, link.Groups["text"].Value, link.Groups["target"].Value));
                }
            }

            if (content.IndexOf("<a", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                foreach (Match link in HtmlLink.Matches(content))
                {
                    links.Add(new MarkdownInline(number, link.Groups["text"].Value, link.Groups["target"].Value));
                }
            }

            AddInlineCode(number, content, inlineCode);
        }
    }

    /// <summary>Code spans: a run of backticks up to the next run of the same length.</summary>
    private static void AddInlineCode(int number, string content, ImmutableArray<MarkdownInline>.Builder inlineCode)
    {
        var index = content.IndexOf('`');
        while (index >= 0 && index < content.Length)
        {
            var runEnd = index;
            while (runEnd < content.Length && content[runEnd] == '`')
            {
                runEnd++;
            }

            var run = runEnd - index;
            var close = content.IndexOf(new string('`', run), runEnd, StringComparison.Ordinal);
            while (close >= 0 && close + run < content.Length && content[close + run] == '`')
            {
                var skip = close;
                while (skip < content.Length && content[skip] == '`')
                {
                    skip++;
                }

                close = content.IndexOf(new string('`', run), skip, StringComparison.Ordinal);
            }

            if (close < 0)
            {
                return;
            }

            inlineCode.Add(new MarkdownInline(number, content.Substring(runEnd, close - runEnd).Trim(), string.Empty));
            index = content.IndexOf('`', close + run);
        }
    }

    private static string StripComments(string line, ref bool inComment)
    {
        if (!inComment && line.IndexOf("<!--", StringComparison.Ordinal) < 0)
        {
            return line;
        }

        var result = new System.Text.StringBuilder(line.Length);
        var position = 0;
        while (position < line.Length)
        {
            if (inComment)
            {
                var end = line.IndexOf("-->", position, StringComparison.Ordinal);
                if (end < 0)
                {
                    return result.ToString();
                }

                inComment = false;
                position = end + 3;
            }
            else
            {
                var start = line.IndexOf("<!--", position, StringComparison.Ordinal);
                if (start < 0)
                {
                    result.Append(line, position, line.Length - position);
                    break;
                }

                result.Append(line, position, start - position);
                inComment = true;
                position = start + 4;
            }
        }

        return result.ToString();
    }

    private static bool TryOpenFence(string line, out char fenceChar, out int length, out string info)
    {
        fenceChar = '\0';
        length = 0;
        info = string.Empty;
        var indent = 0;
        while (indent < line.Length && indent < 4 && line[indent] == ' ')
        {
            indent++;
        }

        if (indent > 3 || indent >= line.Length || (line[indent] != '`' && line[indent] != '~'))
        {
            return false;
        }

        var character = line[indent];
        var end = indent;
        while (end < line.Length && line[end] == character)
        {
            end++;
        }

        if (end - indent < 3)
        {
            return false;
        }

        var rest = line.Substring(end).Trim();
        if (character == '`' && rest.IndexOf('`') >= 0)
        {
            return false;
        }

        fenceChar = character;
        length = end - indent;
        var space = rest.IndexOfAny(InfoStringEnd);
        info = (space < 0 ? rest : rest.Substring(0, space)).ToLowerInvariant();
        return true;
    }

    private static bool IsClosingFence(string line, char fenceChar, int length)
    {
        var trimmed = line.Trim();
        if (trimmed.Length < length || line.Length - line.TrimStart().Length > 3)
        {
            return false;
        }

        foreach (var character in trimmed)
        {
            if (character != fenceChar)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSetextUnderline(string trimmed, out int level)
    {
        level = trimmed[0] == '=' ? 1 : trimmed[0] == '-' ? 2 : 0;
        if (level == 0 || (level == 2 && trimmed.Length < 2))
        {
            return false;
        }

        foreach (var character in trimmed)
        {
            if (character != trimmed[0])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsThematicBreak(string trimmed)
    {
        if (trimmed.Length < 3 || (trimmed[0] != '-' && trimmed[0] != '*' && trimmed[0] != '_'))
        {
            return false;
        }

        var count = 0;
        foreach (var character in trimmed)
        {
            if (character == trimmed[0])
            {
                count++;
            }
            else if (character != ' ')
            {
                return false;
            }
        }

        return count >= 3;
    }
}
