using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>One repository file: its kind, its path relative to the root, and its text when it is readable text.</summary>
internal sealed class RepositoryFile
{
    private const int BinaryProbeLength = 8000;

    public RepositoryFile(AdditionalText text, string kind, string path, string relativePath)
    {
        AdditionalText = text;
        Kind = kind;
        Path = path;
        RelativePath = relativePath;
        var slash = relativePath.LastIndexOf('/');
        FileName = slash < 0 ? relativePath : relativePath.Substring(slash + 1);
        Directory = slash < 0 ? string.Empty : relativePath.Substring(0, slash);
    }

    public AdditionalText AdditionalText { get; }

    public string Kind { get; }

    /// <summary>The full path with forward slashes.</summary>
    public string Path { get; }

    /// <summary>The path relative to the repository root, with forward slashes.</summary>
    public string RelativePath { get; }

    public string FileName { get; }

    /// <summary>The folder relative to the root ("" for the root itself).</summary>
    public string Directory { get; }

    /// <summary>
    /// The file's text, or null when it cannot be read or is not text (it has NUL characters near the start).
    /// Rules skip such files rather than guess.
    /// </summary>
    public SourceText? ReadText(CancellationToken cancellationToken)
    {
        SourceText? text;
        try
        {
            text = AdditionalText.GetText(cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (text is null)
        {
            return null;
        }

        var probe = text.ToString(new TextSpan(0, Math.Min(text.Length, BinaryProbeLength)));
        return probe.IndexOf('\0') >= 0 ? null : text;
    }

    /// <summary>The location of a whole line (without its surrounding white space), zero-based.</summary>
    public Location LineLocation(SourceText text, int line)
    {
        if (text.Lines.Count == 0)
        {
            return Location.Create(AdditionalText.Path, default, default);
        }

        var textLine = text.Lines[Math.Max(0, Math.Min(line, text.Lines.Count - 1))];
        var content = text.ToString(textLine.Span);
        var start = 0;
        while (start < content.Length && char.IsWhiteSpace(content[start]))
        {
            start++;
        }

        var end = content.Length;
        while (end > start && char.IsWhiteSpace(content[end - 1]))
        {
            end--;
        }

        return SpanLocation(text, TextSpan.FromBounds(textLine.Start + start, textLine.Start + end));
    }

    public Location SpanLocation(SourceText text, TextSpan span) =>
        Location.Create(AdditionalText.Path, span, text.Lines.GetLinePositionSpan(span));
}
