using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>
/// Everything that is generated from <see cref="RuleCatalog"/>: the package README's rule table, the header of each
/// docs/rules page, the three preset .globalconfig files and AnalyzerReleases.Unshipped.md. Each document is the
/// expected text of one file (or of the part of it between markers); <c>PK_UPDATE_CATALOGUE=1</c> writes them.
/// </summary>
internal static class CatalogueDocuments
{
    public const string TableBegin = "<!-- rules:begin: generated from RuleCatalog.cs by the analyzer tests (PK_UPDATE_CATALOGUE=1) -->";
    public const string TableEnd = "<!-- rules:end -->";
    public const string PageBodyStart = "## What it finds";

    /// <summary>SDK and third-party rules the presets raise, with the comment each line carries.</summary>
    private static readonly (string Id, string Comment, bool Recommended)[] SdkRules =
    [
        ("CA2016", "Forward the CancellationToken parameter to methods that take one", true),
        ("CA1849", "Call async methods when in an async method (sync-over-async)", true),
        ("CA2254", "Logging message template should be a constant, not an interpolated string", true),
        ("CA2017", "Logging message template placeholders must match the arguments", true),
        ("CA5350", "Do not use weak cryptographic algorithms (TripleDES, SHA1, RIPEMD160)", true),
        ("CA5351", "Do not use broken cryptographic algorithms (MD5, DES, RC2)", true),
        ("CA5359", "Do not disable certificate validation", true),
        ("VSTHRD002", "Avoid synchronous waits on tasks (only active with Microsoft.VisualStudio.Threading.Analyzers)", true),
        ("CA2100", "Review SQL queries for security vulnerabilities", false),
        ("CA1068", "CancellationToken parameters must come last", false),
        ("CA1727", "Use PascalCase for named placeholders in logging templates", false),
        ("CA1848", "Use the LoggerMessage delegates (high-performance logging)", false),
        ("CA1869", "Cache and reuse JsonSerializerOptions instances", false),
        ("CA2201", "Do not raise reserved exception types", false),
        ("CA5394", "Do not use insecure randomness", false),
    ];

    public static string AnalyzersProject => Path.Combine(RepositoryPaths.Root, "analyzers", "src", "PortfolioKit.Analyzers");

    public static string PresetFolder => Path.Combine(RepositoryPaths.Root, "analyzers", "src", "PortfolioKit.Analyzers.Package", "build", "config");

    /// <summary>The README table, markers included.</summary>
    public static string ReadmeTable()
    {
        var text = new StringBuilder(TableBegin).Append('\n');
        text.Append("| Rule | Title | Category | Default severity | Code fix |\n|---|---|---|---|---|\n");
        foreach (var rule in RuleCatalog.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"| [{rule.Id}](../docs/rules/{rule.Id}.md) | {rule.Title} | {ShortCategory(rule)} | {rule.Recommended} | {rule.CodeFix} |\n");
        }

        return text.Append(TableEnd).ToString();
    }

    /// <summary>A rule page up to its first section.</summary>
    public static string PageHeader(RuleEntry rule) =>
        $"# {rule.Id}: {rule.Title}\n\n"
        + "| Category | Default severity | Code fix |\n|---|---|---|\n"
        + $"| {ShortCategory(rule)} (`{rule.Category}`) | {rule.Recommended} | {rule.CodeFix} |\n\n";

    public static string Preset(string mode)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# PortfolioKit.Analyzers preset: {mode}\n");
        text.Append(CultureInfo.InvariantCulture, $"# Selected with the MSBuild property PortfolioKitAnalysisMode={mode}. See README.md in the package.\n");
        text.Append("# Generated from analyzers/src/PortfolioKit.Analyzers/RuleCatalog.cs by the analyzer tests (PK_UPDATE_CATALOGUE=1).\n");
        text.Append("# global_level -50 ranks this file above the .NET SDK's AnalysisLevel files (-100) and below a\n");
        text.Append("# project's own .globalconfig (100); .editorconfig settings always win over every global config.\n");
        text.Append("is_global = true\nglobal_level = -50\n\n");
        text.Append(mode switch
        {
            "none" => "# PortfolioKit rules off. SDK rules are left as the project configures them.\n",
            "strict" => "# Every PortfolioKit rule as a warning.\n",
            _ => "# PortfolioKit rules at their default severity.\n",
        });
        foreach (var rule in RuleCatalog.Rules.Where(r => !r.IsRepositoryRule))
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_diagnostic.{rule.Id}.severity = {Severity(rule, mode)}\n");
        }

        text.Append('\n');
        text.Append(mode == "none"
            ? "# Repository readiness rules off too (the targets also skip collecting the files in this mode).\n"
            : "# Repository readiness (PK9xxx): reported once per repository, by the project the package's targets pick.\n");
        text.Append("# Their findings lie in no C# file, so the compiler would let a global setting here override the repository's\n");
        text.Append("# .editorconfig; the rules read these portfoliokit_preset keys themselves, after .editorconfig (see ConfiguredSeverity).\n");
        foreach (var rule in RuleCatalog.Rules.Where(r => r.IsRepositoryRule))
        {
            text.Append(CultureInfo.InvariantCulture, $"portfoliokit_preset.{rule.Id}.severity = {Severity(rule, mode)}\n");
        }

        if (mode == "none")
        {
            return text.ToString();
        }

        text.Append('\n');
        text.Append(mode == "strict"
            ? "# The recommended SDK rules, plus stricter ones.\n"
            : "# SDK rules PortfolioKit does not duplicate, raised to warnings because reviewers look for them.\n");
        foreach (var (id, comment, recommended) in SdkRules.Where(r => mode == "strict" || r.Recommended))
        {
            text.Append(CultureInfo.InvariantCulture, $"# {comment}\ndotnet_diagnostic.{id}.severity = warning\n");
        }

        text.Append('\n');
        text.Append("# EF Core's own EF1002/EF1003 report interpolated/concatenated SQL passed straight to FromSqlRaw and friends.\n");
        text.Append("# PK2001 reports the same calls (plus SQL built earlier in the method, ADO.NET and Dapper) and its fix also\n");
        text.Append("# removes the quotes around values, so the EF Core duplicates are turned off while a PortfolioKit preset is on.\n");
        text.Append("dotnet_diagnostic.EF1002.severity = none\ndotnet_diagnostic.EF1003.severity = none\n");
        return text.ToString();
    }

    public static string UnshippedReleases(IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        var analyzerOf = analyzers
            .SelectMany(a => a.SupportedDiagnostics.Select(d => (d.Id, Name: a.GetType().Name)))
            .DistinctBy(x => x.Id)
            .ToDictionary(x => x.Id, x => x.Name);
        var text = new StringBuilder();
        text.Append("; Unshipped analyzer release\n");
        text.Append("; https://github.com/dotnet/roslyn-analyzers/blob/main/src/Microsoft.CodeAnalysis.Analyzers/ReleaseTrackingAnalyzers.Help.md\n");
        text.Append("; Generated from RuleCatalog.cs by the analyzer tests (PK_UPDATE_CATALOGUE=1).\n\n");
        text.Append("### New Rules\n\nRule ID | Category | Severity | Notes\n--------|----------|----------|-------\n");
        foreach (var rule in RuleCatalog.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"{rule.Id} | {rule.Category} | {rule.Recommended} | {analyzerOf.GetValueOrDefault(rule.Id, "?")}\n");
        }

        return text.ToString();
    }

    private static string ShortCategory(RuleEntry rule) => rule.Category.Replace("PortfolioKit.", string.Empty, StringComparison.Ordinal);

    private static string Severity(RuleEntry rule, string mode) => mode switch
    {
        "none" => "none",
        "strict" => EditorConfigSeverity(rule.Strict),
        _ => EditorConfigSeverity(rule.Recommended),
    };

    private static string EditorConfigSeverity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "suggestion",
        _ => "silent",
    };
}
