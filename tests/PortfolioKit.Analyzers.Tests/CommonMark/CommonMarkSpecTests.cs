using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.CommonMark;

/// <summary>
/// The README rules' Markdown reader against the CommonMark 0.30 specification's examples (see README.md here):
/// for each example, the headings (level and text), code blocks (content and language), and link and image targets the
/// reader finds must be exactly those of the specification's HTML. Single-line paragraph examples of
/// emphasis, links and code spans are also read as the text of a heading, which must be the words GitHub shows.
/// </summary>
public partial class CommonMarkSpecTests
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly Lazy<List<SpecExample>> Examples = new(() =>
        JsonSerializer.Deserialize<List<SpecExample>>(
            File.ReadAllText(Path.Combine(RepositoryPaths.TestProject, "CommonMark", "spec-0.30-examples.json")),
            JsonOptions)!);

    /// <summary>Examples where a README on GitHub reads otherwise than plain CommonMark, because of GitHub's extensions.</summary>
    private static readonly Dictionary<int, string> GitHubReadsOtherwise = new()
    {
        [96] = "a leading '---' block is YAML front matter on GitHub, not a setext heading",
    };

    public static TheoryData<string> Sections()
    {
        var data = new TheoryData<string>();
        foreach (var section in Examples.Value.Select(e => e.Section).Distinct())
        {
            data.Add(section);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Reader_finds_what_the_specification_renders(string section)
    {
        var examples = Examples.Value.Where(e => e.Section == section).ToList();
        Assert.NotEmpty(examples);
        var failures = new List<string>();
        foreach (var example in examples.Where(e => !GitHubReadsOtherwise.ContainsKey(e.Example)))
        {
            var document = MarkdownDocument.Get(SourceText.From(example.Markdown));
            Compare(example, "headings", ExpectedHeadings(example.Html), document.Headings.Select(h => $"h{h.Level}:{Normalize(h.Text)}"), failures);
            Compare(example, "code blocks", ExpectedCode(example.Html), document.CodeBlocks.Select(Code), failures);
            Compare(example, "links", ExpectedLinks(example.Html), document.Links.Select(l => Url(l.Target)), failures);
            Compare(example, "images", ExpectedImages(example.Html), document.Images.Select(i => Url(i.Target)), failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("Emphasis and strong emphasis")]
    [InlineData("Links")]
    [InlineData("Code spans")]
    public void Heading_text_is_the_text_the_specification_renders(string section)
    {
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var example in Examples.Value.Where(e => e.Section == section))
        {
            var paragraph = SingleParagraph().Match(example.Html);
            if (!paragraph.Success || example.Markdown.TrimEnd('\n').Contains('\n', StringComparison.Ordinal) || !char.IsLetterOrDigit(example.Markdown[0]) && example.Markdown[0] is not ('*' or '_' or '[' or '`' or '!' or '<'))
            {
                continue;
            }

            checkedCount++;
            var document = MarkdownDocument.Get(SourceText.From("# " + example.Markdown));
            var expected = Normalize(Text(paragraph.Groups[1].Value));
            var actual = document.Headings.Length == 1 ? Normalize(document.Headings[0].Text) : $"{document.Headings.Length} headings";
            if (actual != expected)
            {
                failures.Add($"example {example.Example}: heading text '{actual}', the specification shows '{expected}' for {JsonSerializer.Serialize(example.Markdown)}");
            }
        }

        Assert.True(checkedCount > 10, $"Only {checkedCount} examples of {section} were checked.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static void Compare(SpecExample example, string what, IEnumerable<string> expected, IEnumerable<string> actual, List<string> failures)
    {
        var expectedList = expected.ToList();
        var actualList = actual.ToList();
        if (!expectedList.SequenceEqual(actualList))
        {
            failures.Add($"example {example.Example} ({what}): expected [{string.Join(", ", expectedList)}], read [{string.Join(", ", actualList)}] from {JsonSerializer.Serialize(example.Markdown)}");
        }
    }

    private static IEnumerable<string> ExpectedHeadings(string html) =>
        HtmlHeading().Matches(html).Select(m => $"h{m.Groups[1].Value}:{Normalize(Text(m.Groups[2].Value))}");

    private static IEnumerable<string> ExpectedCode(string html) =>
        HtmlCode().Matches(html).Select(m => $"{m.Groups[1].Value.ToLowerInvariant()}|{WebUtility.HtmlDecode(m.Groups[2].Value)}");

    private static IEnumerable<string> ExpectedLinks(string html) =>
        HtmlLink().Matches(html).Select(m => Url(WebUtility.HtmlDecode(m.Groups[1].Value)));

    private static IEnumerable<string> ExpectedImages(string html) =>
        HtmlImage().Matches(html).Select(m => Url(WebUtility.HtmlDecode(m.Groups[1].Value)));

    private static string Code(MarkdownCodeBlock block)
    {
        var info = block.Info.Split(' ', '\t')[0];
        var content = string.Concat(block.Lines.Select(l => l.Content + "\n"));
        return $"{info}|{content}";
    }

    /// <summary>The text of rendered HTML: tags removed, entities decoded.</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(Tag().Replace(html, string.Empty));

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>The renderer percent-encodes destinations; the reader keeps them as written.</summary>
    private static string Url(string url)
    {
        try
        {
            return Uri.UnescapeDataString(url);
        }
        catch (UriFormatException)
        {
            return url;
        }
    }

    [GeneratedRegex(@"<h([1-6])>(.*?)</h\1>", RegexOptions.Singleline)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex(@"<pre><code(?: class=""language-([^""]*)"")?>(.*?)</code></pre>", RegexOptions.Singleline)]
    private static partial Regex HtmlCode();

    [GeneratedRegex(@"<a href=""([^""]*)""")]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"<img src=""([^""]*)""")]
    private static partial Regex HtmlImage();

    [GeneratedRegex(@"^<p>(.*)</p>\n$", RegexOptions.Singleline)]
    private static partial Regex SingleParagraph();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record SpecExample(int Example, string Section, string Markdown, string Html);
}
