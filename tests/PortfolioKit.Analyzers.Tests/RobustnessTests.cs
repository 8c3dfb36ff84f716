using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests;

/// <summary>
/// Every analyzer over every C# source in these tests and in the templates, whole and cut off at many
/// points, the way code looks while it is being typed. No analyzer may throw (AD0001).
/// </summary>
public partial class RobustnessTests
{
    [Fact]
    public Task No_analyzer_throws_on_the_rule_tests_sources() => RunAsync("tests");

    /// <summary>A class of its own so that xunit runs it in parallel with the other group.</summary>
    public class Templates
    {
        [Fact]
        public Task No_analyzer_throws_on_the_templates_sources() => RunAsync("templates");
    }

    private const int CutsPerSource = 10;

    private static async Task RunAsync(string group)
    {
        var sources = group == "tests" ? TestSources() : TemplateSources();
        Assert.True(group == "templates" || sources.Count > 50, $"Expected the rule tests' sources, found {sources.Count}.");

        var failures = new ConcurrentBag<string>();
        var analyzers = AllAnalyzers();

        // Compilations derived from one another share their bound references, which is most of the cost.
        // A console application also accepts class-library sources (the missing Main is just one more error).
        var baseCompilation = CSharpCompilation.Create(
            "Robustness",
            references: TestReferences.Assemblies,
            options: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        foreach (var (name, text) in sources)
        {
            // All cuts of one source go into one compilation: cheaper, and duplicate declarations are one more kind of broken code.
            var trees = Cuts(text).Select((cut, i) => CSharpSyntaxTree.ParseText(cut, path: $"{name}#{i}.cs"));
            var compilation = baseCompilation.AddSyntaxTrees(trees);
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} on {name}: {exception.GetType().Name}: {exception.Message}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add($"{name}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        Assert.Empty(failures);
    }

    internal static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The whole text, then prefixes ending at evenly spaced points and just after each kind of punctuation.</summary>
    private static IEnumerable<string> Cuts(string text)
    {
        yield return text;
        var step = Math.Max(1, text.Length / CutsPerSource);
        for (var end = step; end < text.Length; end += step)
        {
            yield return text[..end];
        }

        foreach (var marker in new[] { "(", ".", "=>", "{", "$\"", "+" })
        {
            var index = text.LastIndexOf(marker, StringComparison.Ordinal);
            if (index > 0)
            {
                yield return text[..(index + marker.Length)];
                yield return text.Remove(index, marker.Length);
            }
        }
    }

    /// <summary>Raw string literals of the rule and code-fix tests, with the testing markup removed.</summary>
    private static List<(string Name, string Text)> TestSources()
    {
        var sources = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.TestProject, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var index = 0;
            foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    sources.Add(($"{Path.GetFileNameWithoutExtension(file)}[{index++}]", Markup().Replace(literal.Token.ValueText, string.Empty)));
                }
            }
        }

        return sources;
    }

    /// <summary>
    /// The C# files of the dotnet new templates, as they are in the template folder, except generated code (the EF Core
    /// migrations): every analyzer skips it, so cutting it up would only spend time compiling.
    /// </summary>
    private static List<(string Name, string Text)> TemplateSources()
    {
        var templates = Path.Combine(RepositoryPaths.Root, "templates");
        if (!Directory.Exists(templates))
        {
            return new();
        }

        return Directory.GetFiles(templates, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(templates, f), File.ReadAllText(f)))
            .Where(source => !source.Item2.StartsWith("// <auto-generated", StringComparison.Ordinal))
            .ToList();
    }

    // {|PK1001:  |}  [|  |]
    [GeneratedRegex(@"\{\|[A-Z]+[0-9]+:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
