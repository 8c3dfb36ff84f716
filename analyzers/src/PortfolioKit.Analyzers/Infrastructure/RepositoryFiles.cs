using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace PortfolioKit.Analyzers.Infrastructure;

/// <summary>
/// The repository files the package's targets handed to this compilation, by kind. The targets do so in one project
/// per repository (the "owner", see docs/analyzers.md), and set <c>_PortfolioKitRepositoryRoot</c> there only, so
/// every repository rule reports once however many projects the solution has. Analyzers never read the file
/// system: everything comes from <see cref="AnalyzerOptions.AdditionalFiles"/>.
/// </summary>
internal sealed class RepositoryFiles
{
    public const string RootProperty = "build_property._PortfolioKitRepositoryRoot";
    public const string KindMetadata = "build_metadata.AdditionalFiles.PortfolioKitFileKind";

    private RepositoryFiles(string root, ImmutableArray<RepositoryFile> files)
    {
        Root = root;
        Files = files;
    }

    /// <summary>The repository root with forward slashes and a trailing slash.</summary>
    public string Root { get; }

    /// <summary>Every file handed over, in ordinal order of the path relative to the root.</summary>
    public ImmutableArray<RepositoryFile> Files { get; }

    /// <summary>Null when this compilation is not the one that reports for its repository, or the checks are off.</summary>
    public static RepositoryFiles? TryCreate(AnalyzerOptions options)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (!provider.GlobalOptions.TryGetValue(RootProperty, out var configuredRoot) || string.IsNullOrWhiteSpace(configuredRoot))
        {
            return null;
        }

        var root = NormalizePath(configuredRoot.Trim());
        if (!root.EndsWith("/", StringComparison.Ordinal))
        {
            root += "/";
        }

        var byPath = new Dictionary<string, RepositoryFile>(StringComparer.Ordinal);
        foreach (var text in options.AdditionalFiles)
        {
            if (!provider.GetOptions(text).TryGetValue(KindMetadata, out var kind) || string.IsNullOrWhiteSpace(kind))
            {
                continue;
            }

            var path = NormalizePath(text.Path);
            if (!byPath.ContainsKey(path))
            {
                byPath.Add(path, new RepositoryFile(text, kind.Trim(), path, RelativeTo(root, path)));
            }
        }

        var files = new List<RepositoryFile>(byPath.Values);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new RepositoryFiles(root, files.ToImmutableArray());
    }

    public IEnumerable<RepositoryFile> OfKind(string kind)
    {
        foreach (var file in Files)
        {
            if (string.Equals(file.Kind, kind, StringComparison.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }
    }

    public bool Has(string kind)
    {
        foreach (var _ in OfKind(kind))
        {
            return true;
        }

        return false;
    }

    internal static string NormalizePath(string path) => path.Replace('\\', '/');

    private static string RelativeTo(string root, string path) =>
        path.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? path.Substring(root.Length) : path;
}

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
