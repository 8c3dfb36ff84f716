using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// The severity the project's analyzer configuration gives a repository rule. The compiler applies
/// <c>dotnet_diagnostic.&lt;id&gt;.severity</c> from <c>.editorconfig</c> sections per syntax tree, and a repository
/// finding belongs to no syntax tree: it has no location (a missing LICENSE) or lies in an additional file (a README
/// line). The compiler would honour only <c>.globalconfig</c>, NoWarn and WarningsAsErrors for it, so the repository
/// rules look the setting up themselves, in the sections that apply to the project's C# files, with the compiler's
/// precedence: the rule's own id, then its category, then every analyzer rule; the package's preset comes last.
/// </summary>
internal static class ConfiguredSeverity
{
    /// <summary>
    /// The package's presets (build/config/*.globalconfig) set the repository rules under this prefix rather than
    /// <c>dotnet_diagnostic</c>: for a finding outside C# files the compiler lets a global <c>dotnet_diagnostic</c>
    /// setting override the severity the rule reports, so the preset would beat the repository's .editorconfig.
    /// </summary>
    internal const string PresetPrefix = "portfoliokit_preset.";

    /// <summary>Null when the configuration turns the rule off (<c>none</c>).</summary>
    public static DiagnosticSeverity? For(Compilation compilation, AnalyzerOptions options, DiagnosticDescriptor rule, CancellationToken cancellationToken)
    {
        var configured = ById(compilation, rule.Id, cancellationToken);
        if (configured == ReportDiagnostic.Default && rule.IsEnabledByDefault)
        {
            configured = Bulk(compilation, options, $"dotnet_analyzer_diagnostic.category-{rule.Category}.severity");
            if (configured == ReportDiagnostic.Default)
            {
                configured = Bulk(compilation, options, "dotnet_analyzer_diagnostic.severity");
            }
        }

        if (configured == ReportDiagnostic.Default
            && options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue($"{PresetPrefix}{rule.Id}.severity", out var preset))
        {
            configured = Parse(preset);
        }

        return configured switch
        {
            ReportDiagnostic.Suppress => null,
            ReportDiagnostic.Error => DiagnosticSeverity.Error,
            ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
            ReportDiagnostic.Info => DiagnosticSeverity.Info,
            ReportDiagnostic.Hidden => DiagnosticSeverity.Hidden,
            _ => rule.DefaultSeverity,
        };
    }

    private static ReportDiagnostic ById(Compilation compilation, string id, CancellationToken cancellationToken)
    {
        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is null)
        {
            return ReportDiagnostic.Default;
        }

        // .editorconfig sections win over global configs (such as the package's preset), as they do for the compiler.
        // The first C# file the configuration speaks for decides; a repository's .editorconfig normally covers them all.
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var configured) && configured != ReportDiagnostic.Default)
            {
                return configured;
            }
        }

        return provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out var global) ? global : ReportDiagnostic.Default;
    }

    private static ReportDiagnostic Bulk(Compilation compilation, AnalyzerOptions options, string key)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.GetOptions(tree).TryGetValue(key, out var value) && Parse(value) is var fromTree && fromTree != ReportDiagnostic.Default)
            {
                return fromTree;
            }
        }

        return provider.GlobalOptions.TryGetValue(key, out var global) ? Parse(global) : ReportDiagnostic.Default;
    }

    /// <summary>The values .editorconfig accepts for a severity, as the compiler reads them.</summary>
    private static ReportDiagnostic Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "error" => ReportDiagnostic.Error,
        "warning" => ReportDiagnostic.Warn,
        "suggestion" => ReportDiagnostic.Info,
        "silent" or "refactoring" => ReportDiagnostic.Hidden,
        "none" => ReportDiagnostic.Suppress,
        _ => ReportDiagnostic.Default,
    };
}
