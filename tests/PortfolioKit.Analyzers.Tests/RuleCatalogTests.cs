using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests;

/// <summary>
/// Every rule ships with its documentation: a docs/rules page, an AnalyzerReleases entry, a row in the
/// package README's rule table, and a help link and category that match its id.
/// </summary>
public class RuleCatalogTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Descriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Every_id_in_the_registry_is_reported_by_exactly_one_analyzer()
    {
        var registered = typeof(RuleIdentifiers).GetFields().Select(f => (string)f.GetValue(null)!).OrderBy(x => x).ToList();
        var described = Descriptors().Select(d => d.Id).OrderBy(x => x).ToList();
        Assert.Equal(registered, described);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_documentation_page(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var page = Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/rules/{id}.md");

        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it finds", "## Why a reviewer cares", "## Bad", "## Good", "## How to fix", "## Configure" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Equal($"https://github.com/portfoliokit/portfoliokit/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_tracked_in_analyzer_releases(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var project = Path.Combine(RepositoryPaths.Root, "analyzers", "src", "PortfolioKit.Analyzers");
        var releases = File.ReadAllText(Path.Combine(project, "AnalyzerReleases.Shipped.md")) + File.ReadAllText(Path.Combine(project, "AnalyzerReleases.Unshipped.md"));
        var row = new Regex($@"^{id}\s*\|\s*{Regex.Escape(descriptor.Category)}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", RegexOptions.Multiline);
        Assert.Matches(row, releases);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_current_row_in_the_package_readme(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "analyzers", "README.md"));
        var row = readme.Split('\n').SingleOrDefault(line => line.StartsWith($"| [{id}]", StringComparison.Ordinal));
        Assert.True(row is not null, $"analyzers/README.md has no table row for {id}");
        Assert.Contains($"](../docs/rules/{id}.md)", row, StringComparison.Ordinal);
        Assert.Contains($"| {descriptor.Title} |", row, StringComparison.Ordinal);
        Assert.Contains($"| {descriptor.Category.Replace("PortfolioKit.", string.Empty, StringComparison.Ordinal)} |", row, StringComparison.Ordinal);
        Assert.Contains($"| {descriptor.DefaultSeverity} |", row, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_id_range_matches_its_category(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var expected = id[2] switch
        {
            '1' => RuleCategories.Scalability,
            '2' => RuleCategories.RelationalData,
            '3' => RuleCategories.ApiDesign,
            '4' => RuleCategories.Security,
            '5' => RuleCategories.Observability,
            '9' => RuleCategories.Portfolio,
            _ => "unassigned range",
        };
        Assert.Equal(expected, descriptor.Category);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        RobustnessTests.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id);
}
