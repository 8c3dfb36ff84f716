using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests;

/// <summary>
/// The repository rules (PK9xxx) over files nobody should commit but somebody will: binary files under README or
/// appsettings names, empty files, a README of several megabytes with pathological lines, bytes that are not UTF-8,
/// unreadable files, truncated JSON and Dockerfiles. No analyzer may throw (AD0001), and none may take long.
/// </summary>
public class RepositoryRobustnessTests
{
    private static readonly string[] Kinds =
    [
        RepositoryFileKind.Readme, RepositoryFileKind.License, RepositoryFileKind.SecurityPolicy, RepositoryFileKind.CiWorkflow,
        RepositoryFileKind.DependencyUpdates, RepositoryFileKind.Dockerfile, RepositoryFileKind.Compose, RepositoryFileKind.AppSettings,
        RepositoryFileKind.Project, RepositoryFileKind.BuildFile,
    ];

    public static TheoryData<string> OddContents() => new() { "binary", "empty", "huge", "latin1", "invalid-utf8", "unreadable", "truncated" };

    [Theory]
    [MemberData(nameof(OddContents))]
    public async Task No_repository_rule_throws_on_odd_files(string content)
    {
        var files = new List<AdditionalText>();
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in Kinds)
        {
            var path = $"/repo/{kind}/{NameFor(kind)}";
            files.Add(new ByteText(path, BytesFor(content, kind), unreadable: content == "unreadable"));
            kinds[path] = kind;
        }

        var stopwatch = Stopwatch.StartNew();
        var (failures, diagnostics) = await AnalyzeAsync(files, kinds);
        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"The repository rules took {stopwatch.Elapsed} on '{content}' files.");
    }

    [Fact]
    public async Task A_huge_readme_is_read_to_the_end()
    {
        // Several megabytes of prose, then the sections PK9003 and PK9004 look for: found, so nothing is reported.
        var readme = new StringBuilder("# Shop\n\nShop is an ordering API for a small online store, built on ASP.NET Core.\n\n");
        while (readme.Length < 5_000_000)
        {
            readme.Append("Lorem ipsum is not here; this paragraph repeats to make the file large. `code` [link](x) ![img](y)\n");
        }

        readme.Append("\n## Run\n\n```bash\ndotnet run --project src/Api\n```\n\n## Test\n\n```bash\ndotnet test\n```\n");
        var files = new List<AdditionalText> { new ByteText("/repo/README.md", Encoding.UTF8.GetBytes(readme.ToString()), unreadable: false) };
        var (failures, diagnostics) = await AnalyzeAsync(files, new Dictionary<string, string> { ["/repo/README.md"] = RepositoryFileKind.Readme });

        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id is "PK9003" or "PK9004" or "PK9002" or "AD0001");
    }

    private static async Task<(List<string> Failures, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(List<AdditionalText> files, Dictionary<string, string> kinds)
    {
        var failures = new ConcurrentBag<string>();
        var analyzers = RobustnessTests.AllAnalyzers().Where(a => a.SupportedDiagnostics.Any(d => d.Id.StartsWith("PK9", StringComparison.Ordinal))).ToImmutableArray();
        Assert.Equal(16, analyzers.Length);
        var compilation = CSharpCompilation.Create(
            "Repository",
            [CSharpSyntaxTree.ParseText("public class C { }")],
            TestReferences.Runtime,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(files.ToImmutableArray(), new OptionsProvider(kinds)),
            onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return (failures.ToList(), diagnostics);
    }

    private static string NameFor(string kind) => kind switch
    {
        RepositoryFileKind.Readme => "README.md",
        RepositoryFileKind.AppSettings => "appsettings.json",
        RepositoryFileKind.Project => "Api.csproj",
        RepositoryFileKind.Dockerfile => "Dockerfile",
        _ => kind.ToLowerInvariant() + ".yml",
    };

    private static byte[] BytesFor(string content, string kind)
    {
        switch (content)
        {
            case "binary":
                var random = new Random(7);
                var bytes = new byte[64 * 1024];
                random.NextBytes(bytes);
                bytes[10] = 0;
                return bytes;
            case "empty":
            case "unreadable":
                return [];
            case "huge":
                // Long lines full of the characters the Markdown, JSON and Dockerfile readers look for.
                var line = string.Concat(Enumerable.Repeat("![[`<!--{\"a\":\"Password=", 20_000)) + "\\\n";
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 12)));
            case "latin1":
                return Encoding.Latin1.GetBytes("# Café résumé\n\nUne API de commandes écrite en C# pour un café.\n{ \"Password\": \"mötörhead1\" }\nFROM débian\n");
            case "invalid-utf8":
                return [0x23, 0x20, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0x0A, 0xF0, 0x28, 0x8C, 0xBC, 0x7B, 0x22, 0xFF, 0xFE];
            case "truncated":
                return Encoding.UTF8.GetBytes(kind switch
                {
                    RepositoryFileKind.AppSettings => "{ \"ConnectionStrings\": { \"Db\": \"Password=x\\",
                    RepositoryFileKind.Dockerfile => "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS \\",
                    RepositoryFileKind.Readme => "# Shop\n\n```bash\ndotnet run\n<!-- never closed\n## Tests",
                    _ => "<Project><ItemGroup><PackageReference Include=\"",
                });
            default:
                throw new ArgumentOutOfRangeException(nameof(content), content, null);
        }
    }

    /// <summary>
    /// An additional file from raw bytes, decoded the way the compiler does (UTF-8, else a fallback encoding) and, like
    /// the compiler's own additional files, decoded once.
    /// </summary>
    private sealed class ByteText(string path, byte[] bytes, bool unreadable) : AdditionalText
    {
        private readonly Lazy<SourceText?> _text = new(() =>
        {
            if (unreadable)
            {
                return null;
            }

            using var stream = new MemoryStream(bytes);
            return SourceText.From(stream, encoding: null, throwIfBinaryDetected: false);
        });

        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => _text.Value;
    }

    private sealed class OptionsProvider(Dictionary<string, string> kinds) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string> { ["build_property._PortfolioKitRepositoryRoot"] = "/repo/" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            kinds.TryGetValue(textFile.Path, out var kind)
                ? new Options(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.PortfolioKitFileKind"] = kind })
                : Options.Empty;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
