using System;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.CodeAnalysis.Text;

namespace PortfolioKit.Analyzers.Markdown;

/// <summary>
/// Turns a README into a <see cref="MarkdownDocument"/>. The blocks and inlines come from Markdig (CommonMark 0.30
/// conformant) with the extensions GitHub applies to READMEs: tables, autolinks, task lists, strikethrough and YAML
/// front matter. So a fence opened in a list item ends with the item, a heading is only a heading where GitHub shows
/// one, and emphasis, links and HTML blocks are read by the specification rather than by patterns.
/// </summary>
internal sealed class MarkdownReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePreciseSourceLocation()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseAutoLinks()
        .UseTaskLists()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .Build();

    private static readonly Regex HtmlHeading = new(@"^\s*<h([1-6])\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex HtmlImage = new(@"<img\b[^<>]{0,1000}>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex HtmlAttribute = new(@"\b(?<name>alt|src)\s*=\s*[""'](?<value>[^""'<>]{0,1000})[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex HtmlLink = new(@"<a\b[^<>]{0,1000}\bhref\s*=\s*[""'](?<target>[^""'<>]{0,1000})[""'][^<>]{0,1000}>(?<text>[^<>]{0,500})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly SourceText _text;
    private readonly MarkdownLineKind[] _kinds;
    private readonly string[] _contents;
    private readonly ImmutableArray<MarkdownHeading>.Builder _headings = ImmutableArray.CreateBuilder<MarkdownHeading>();
    private readonly ImmutableArray<MarkdownCodeBlock>.Builder _codeBlocks = ImmutableArray.CreateBuilder<MarkdownCodeBlock>();
    private readonly ImmutableArray<MarkdownInline>.Builder _images = ImmutableArray.CreateBuilder<MarkdownInline>();
    private readonly ImmutableArray<MarkdownInline>.Builder _links = ImmutableArray.CreateBuilder<MarkdownInline>();
    private readonly ImmutableArray<MarkdownInline>.Builder _inlineCode = ImmutableArray.CreateBuilder<MarkdownInline>();

    private MarkdownReader(SourceText text)
    {
        _text = text;
        _kinds = new MarkdownLineKind[text.Lines.Count];
        _contents = new string[text.Lines.Count];
        for (var i = 0; i < _kinds.Length; i++)
        {
            _contents[i] = text.ToString(text.Lines[i].Span);
            _kinds[i] = _contents[i].Trim().Length == 0 ? MarkdownLineKind.Blank : MarkdownLineKind.Text;
        }
    }

    public static MarkdownDocument Read(SourceText text)
    {
        var reader = new MarkdownReader(text);
        Markdig.Syntax.MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(Bounded(text), Pipeline);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IndexOutOfRangeException or InsufficientExecutionStackException)
        {
            // A text no README is made of (deep nesting, megabytes of brackets): read it as plain text lines rather
            // than fail the build. The rules then find no headings or code in it.
            return reader.Build();
        }

        foreach (var node in document.Descendants())
        {
            if (node is Block block)
            {
                reader.Visit(block);
            }
        }

        return reader.Build();
    }

    /// <summary>
    /// The text with every line cut to <see cref="MarkdownDocument.MaxInlineLineLength"/> characters, line breaks kept:
    /// a README line longer than that is an inlined image or a generated blob, and cutting it keeps a pathological
    /// file (megabytes of brackets on one line) as cheap to read as an ordinary one.
    /// </summary>
    private static string Bounded(SourceText text)
    {
        var limit = MarkdownDocument.MaxInlineLineLength;
        var needsCut = false;
        foreach (var line in text.Lines)
        {
            if (line.Span.Length > limit)
            {
                needsCut = true;
                break;
            }
        }

        if (!needsCut)
        {
            return text.ToString();
        }

        var bounded = new StringBuilder(text.Length);
        foreach (var line in text.Lines)
        {
            var length = Math.Min(line.Span.Length, limit);
            bounded.Append(text.ToString(new TextSpan(line.Start, length)));
            bounded.Append(text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak)));
        }

        return bounded.ToString();
    }

    private void Visit(Block block)
    {
        switch (block)
        {
            case YamlFrontMatterBlock:
                Mark(block, MarkdownLineKind.FrontMatter);
                break;
            case HeadingBlock heading:
                AddHeading(heading);
                break;
            case CodeBlock code:
                AddCode(code);
                break;
            case HtmlBlock html:
                AddHtml(html);
                break;
            case ThematicBreakBlock:
                Mark(block, MarkdownLineKind.Rule);
                break;
            case LinkReferenceDefinitionGroup or LinkReferenceDefinition:
                Mark(block, MarkdownLineKind.Blank);
                break;
            case ParagraphBlock paragraph:
                for (var line = paragraph.Line; line <= LastLine(paragraph); line++)
                {
                    _contents[line] = StripComments(_contents[line]);
                    _kinds[line] = _contents[line].Trim().Length == 0 ? MarkdownLineKind.Comment : MarkdownLineKind.Text;
                }

                CollectInlines(paragraph.Inline);
                break;
        }
    }

    private void AddHeading(HeadingBlock heading)
    {
        var text = PlainText(heading.Inline).Trim();
        _headings.Add(new MarkdownHeading(heading.Line, heading.Level, text));
        _kinds[heading.Line] = MarkdownLineKind.Heading;
        _contents[heading.Line] = text;
        if (heading.IsSetext)
        {
            _kinds[LastLine(heading)] = MarkdownLineKind.Rule;
        }

        CollectInlines(heading.Inline);
    }

    private void AddCode(CodeBlock code)
    {
        Mark(code, MarkdownLineKind.Code);
        var lines = ImmutableArray.CreateBuilder<MarkdownLine>();
        for (var i = 0; i < code.Lines.Count; i++)
        {
            var line = code.Lines.Lines[i];
            if (line.Line >= 0 && line.Line < _kinds.Length)
            {
                lines.Add(new MarkdownLine(line.Line, MarkdownLineKind.Code, line.Slice.ToString()));
                _contents[line.Line] = line.Slice.ToString();
            }
        }

        var info = code is FencedCodeBlock fenced ? (fenced.Info ?? string.Empty).Trim().ToLowerInvariant() : string.Empty;
        _codeBlocks.Add(new MarkdownCodeBlock(code.Line, info, lines.ToImmutable()));
    }

    /// <summary>An HTML block: a comment, a heading (<c>&lt;h1 align="center"&gt;</c>), or text with images and links.</summary>
    private void AddHtml(HtmlBlock html)
    {
        if (html.Type == HtmlBlockType.Comment)
        {
            Mark(html, MarkdownLineKind.Comment);
            return;
        }

        for (var line = html.Line; line <= LastLine(html); line++)
        {
            var content = StripComments(_contents[line]);
            var scanned = content.Length > MarkdownDocument.MaxInlineLineLength ? content.Substring(0, MarkdownDocument.MaxInlineLineLength) : content;
            var heading = HtmlHeading.Match(scanned);
            if (heading.Success)
            {
                var text = MarkdownDocument.VisibleText(scanned).Trim();
                _headings.Add(new MarkdownHeading(line, heading.Groups[1].Value[0] - '0', text));
                _kinds[line] = MarkdownLineKind.Heading;
                _contents[line] = text;
            }
            else
            {
                _contents[line] = content;
                _kinds[line] = content.Trim().Length == 0 ? MarkdownLineKind.Comment : MarkdownLineKind.Text;
            }

            CollectHtml(line, scanned);
        }
    }

    private void CollectInlines(ContainerInline? container)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LinkInline { IsImage: true } image:
                    // An image's description is its alt text: links and images inside it are not rendered as such.
                    _images.Add(new MarkdownInline(image.Line, PlainText(image), image.Url ?? string.Empty));
                    continue;
                case LinkInline link:
                    _links.Add(new MarkdownInline(link.Line, PlainText(link), link.Url ?? string.Empty));
                    break;
                case AutolinkInline autolink:
                    _links.Add(new MarkdownInline(autolink.Line, autolink.Url, autolink.Url));
                    break;
                case CodeInline code:
                    _inlineCode.Add(new MarkdownInline(code.Line, code.Content.Trim(), string.Empty));
                    break;
                case HtmlInline tag:
                    CollectHtml(tag.Line, tag.Tag);
                    break;
            }

            if (inline is ContainerInline nested)
            {
                CollectInlines(nested);
            }
        }
    }

    /// <summary><c>&lt;img src alt&gt;</c> and <c>&lt;a href&gt;</c> in raw HTML.</summary>
    private void CollectHtml(int line, string html)
    {
        if (html.IndexOf("<img", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            foreach (Match image in HtmlImage.Matches(html))
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

                _images.Add(new MarkdownInline(line, alt, source));
            }
        }

        if (html.IndexOf("<a", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            foreach (Match link in HtmlLink.Matches(html))
            {
                _links.Add(new MarkdownInline(line, link.Groups["text"].Value, link.Groups["target"].Value));
            }
        }
    }

    private MarkdownDocument Build()
    {
        var lines = ImmutableArray.CreateBuilder<MarkdownLine>(_kinds.Length);
        for (var i = 0; i < _kinds.Length; i++)
        {
            lines.Add(new MarkdownLine(i, _kinds[i], _kinds[i] is MarkdownLineKind.Text or MarkdownLineKind.Heading or MarkdownLineKind.Code ? _contents[i] : string.Empty));
        }

        return new MarkdownDocument(lines.MoveToImmutable(), _headings.ToImmutable(), _codeBlocks.ToImmutable(), _images.ToImmutable(), _links.ToImmutable(), _inlineCode.ToImmutable());
    }

    private void Mark(Block block, MarkdownLineKind kind)
    {
        for (var line = block.Line; line <= LastLine(block); line++)
        {
            _kinds[line] = kind;
        }
    }

    /// <summary>The block's last line: where its span ends, or its first line for an empty block.</summary>
    private int LastLine(Block block)
    {
        if (block.Span.End < block.Span.Start || _text.Length == 0)
        {
            return Math.Min(block.Line, _kinds.Length - 1);
        }

        var end = Math.Min(Math.Max(block.Span.End, 0), _text.Length - 1);
        return Math.Max(block.Line, Math.Min(_text.Lines.GetLineFromPosition(end).LineNumber, _kinds.Length - 1));
    }

    /// <summary>The words of an inline run: literal text, code and link text; images and raw HTML left out.</summary>
    internal static string PlainText(ContainerInline? container)
    {
        var text = new StringBuilder();
        Append(container, text);
        return text.ToString();

        static void Append(ContainerInline? node, StringBuilder text)
        {
            for (var inline = node?.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        text.Append(literal.Content.ToString());
                        break;
                    case CodeInline code:
                        text.Append(code.Content);
                        break;
                    case HtmlEntityInline entity:
                        text.Append(entity.Transcoded.ToString());
                        break;
                    case LineBreakInline:
                        text.Append(' ');
                        break;
                    case AutolinkInline autolink:
                        text.Append(autolink.Url);
                        break;
                    case LinkInline { IsImage: true } when node is not LinkInline { IsImage: true }:
                        break;
                    case DelimiterInline delimiter:
                        // An unmatched '[' or '*' is text, followed by what it would have enclosed.
                        text.Append(delimiter.ToLiteral());
                        Append(delimiter, text);
                        break;
                    case ContainerInline nested:
                        Append(nested, text);
                        break;
                }
            }
        }
    }

    private static string StripComments(string line)
    {
        var start = line.IndexOf("<!--", StringComparison.Ordinal);
        if (start < 0)
        {
            return line;
        }

        var result = new StringBuilder(line.Length);
        var position = 0;
        while (start >= 0)
        {
            result.Append(line, position, start - position);
            var end = line.IndexOf("-->", start + 4, StringComparison.Ordinal);
            if (end < 0)
            {
                return result.ToString();
            }

            position = end + 3;
            start = line.IndexOf("<!--", position, StringComparison.Ordinal);
        }

        return result.Append(line, position, line.Length - position).ToString();
    }
}
