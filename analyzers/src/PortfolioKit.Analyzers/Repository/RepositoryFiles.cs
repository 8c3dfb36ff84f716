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
    public const string ProjectProperty = "build_property.MSBuildProjectFullPath";

    private RepositoryFiles(string root, ImmutableArray<RepositoryFile> files, string? projectPath)
    {
        Root = root;
        Files = files;
        ProjectPath = projectPath;
    }

    /// <summary>The reporting project's file, with forward slashes; null when the build did not say.</summary>
    public string? ProjectPath { get; }

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
        var project = provider.GlobalOptions.TryGetValue(ProjectProperty, out var projectPath) && !string.IsNullOrWhiteSpace(projectPath)
            ? NormalizePath(projectPath.Trim())
            : null;
        return new RepositoryFiles(root, files.ToImmutableArray(), project);
    }

    /// <summary>
    /// Where a finding about a missing file goes: the first line of the reporting project's file, which every IDE and
    /// language server can show (a diagnostic without a location makes some drop the project's other diagnostics).
    /// </summary>
    public Location MissingFileLocation(CancellationToken cancellationToken)
    {
        if (ProjectPath is null)
        {
            return Location.None;
        }

        foreach (var file in OfKind(RepositoryFileKind.Project))
        {
            if (string.Equals(file.Path, ProjectPath, StringComparison.Ordinal) && file.ReadText(cancellationToken) is { } text)
            {
                return file.LineLocation(text, 0);
            }
        }

        return Location.Create(ProjectPath, default, new LinePositionSpan(default, default));
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
