using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using PortfolioKit.Analyzers.CodeFixes;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests;

/// <summary>
/// The rule catalogue (RuleCatalog.cs) is the one source of ids, titles, categories, severities and fixes: every
/// analyzer's descriptor agrees with it, and the files generated from it (the package README's table, the rule pages'
/// headers, the presets, AnalyzerReleases) are up to date. Run with PK_UPDATE_CATALOGUE=1 to regenerate them.
/// </summary>
public class RuleCatalogTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("PK_UPDATE_CATALOGUE") == "1";

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RuleCatalog.Rules)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Fact]
    public void Every_id_in_the_registry_has_one_catalogue_entry_and_one_analyzer()
    {
        var registered = typeof(RuleIdentifiers).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(registered, RuleCatalog.Rules.Select(r => r.Id).ToList());
        var reported = RobustnessTests.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(registered, reported);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_agrees_with_the_catalogue(string id)
    {
        var rule = RuleCatalog.Get(id);
        var descriptor = Descriptor(id);
        Assert.Equal(rule.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rule.Category, descriptor.Category);
        Assert.Equal(rule.Recommended, descriptor.DefaultSeverity);
        Assert.Equal($"https://github.com/portfoliokit/portfoliokit/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        if (rule.IsRepositoryRule)
        {
            Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, descriptor.CustomTags);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Catalogue_states_whether_a_code_fix_exists(string id)
    {
        var fixable = typeof(ThreadSleepCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet(StringComparer.Ordinal);
        var rule = RuleCatalog.Get(id);
        Assert.True(fixable.Contains(id) == rule.CodeFix.StartsWith("Yes", StringComparison.Ordinal), $"{id}: the catalogue says '{rule.CodeFix}'.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_has_the_generated_header_and_every_section(string id)
    {
        var rule = RuleCatalog.Get(id);
        var page = Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/rules/{id}.md; write its body starting with '{CatalogueDocuments.PageBodyStart}'.");
        var text = File.ReadAllText(page);
        var bodyStart = text.IndexOf(CatalogueDocuments.PageBodyStart, StringComparison.Ordinal);
        Assert.True(bodyStart >= 0, $"docs/rules/{id}.md has no '{CatalogueDocuments.PageBodyStart}' section.");
        var expected = CatalogueDocuments.PageHeader(rule) + text[bodyStart..];
        CheckOrWrite(page, text, expected);
        foreach (var section in new[] { "## Why a reviewer cares", "## Bad", "## Good", "## How to fix", "## Configure" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Package_readme_table_is_generated_from_the_catalogue()
    {
        var path = Path.Combine(RepositoryPaths.Root, "analyzers", "README.md");
        var text = File.ReadAllText(path);
        var begin = text.IndexOf(CatalogueDocuments.TableBegin, StringComparison.Ordinal);
        var end = text.IndexOf(CatalogueDocuments.TableEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "analyzers/README.md lost its rules:begin/rules:end markers.");
        CheckOrWrite(path, text, text[..begin] + CatalogueDocuments.ReadmeTable() + text[(end + CatalogueDocuments.TableEnd.Length)..]);
    }

    [Theory]
    [InlineData("recommended")]
    [InlineData("strict")]
    [InlineData("none")]
    public void Preset_is_generated_from_the_catalogue(string mode)
    {
        var path = Path.Combine(CatalogueDocuments.PresetFolder, $"portfoliokit.{mode}.globalconfig");
        CheckOrWrite(path, File.Exists(path) ? File.ReadAllText(path) : string.Empty, CatalogueDocuments.Preset(mode));
    }

    [Fact]
    public void Analyzer_releases_are_generated_from_the_catalogue()
    {
        var path = Path.Combine(CatalogueDocuments.AnalyzersProject, "AnalyzerReleases.Unshipped.md");
        CheckOrWrite(path, File.ReadAllText(path), CatalogueDocuments.UnshippedReleases(RobustnessTests.AllAnalyzers()));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_id_range_matches_its_category(string id)
    {
        var expected = id[2] switch
        {
            '1' => RuleCategories.Scalability,
            '2' => RuleCategories.RelationalData,
            '3' => RuleCategories.ApiDesign,
            '4' => RuleCategories.Security,
            '5' => RuleCategories.Observability,
            '6' => RuleCategories.Architecture,
            '9' => RuleCategories.Portfolio,
            _ => "unassigned range",
        };
        Assert.Equal(expected, RuleCatalog.Get(id).Category);
    }

    private static DiagnosticDescriptor Descriptor(string id) =>
        RobustnessTests.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);

    private static void CheckOrWrite(string path, string actual, string expected)
    {
        if (actual == expected)
        {
            return;
        }

        if (Update)
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.Fail($"{Path.GetRelativePath(RepositoryPaths.Root, path)} is not what RuleCatalog.cs generates; run the analyzer tests with PK_UPDATE_CATALOGUE=1 to regenerate it.");
    }
}
