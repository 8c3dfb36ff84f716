// Runs analyzer assemblies over the compilations of a bench/analyzers build, several times in one process, and
// reports each analyzer's execution time on the first run (cold: JIT, static tables, first use of a library) and the
// least over the later runs (warm; the least, since on a shared machine the noise only ever adds time). A build's -p:ReportAnalyzer=true figures come from one run on a busy machine;
// these come from the same Roslyn driver, one analyzer at a time (no concurrent analysis), repeated.
//
//   AnalyzerProfile --log BUILD_LOG --analyzers LABEL=DLL [--analyzers LABEL=DLL]... [--runs N] [--diagnostics DIR] [--fresh | --unbound]
//
// BUILD_LOG is a `dotnet build -v:d` log (bench/analyzers/run.sh's logs/build.log): each project's csc command line
// gives its sources, references, analyzer configuration (the preset's .globalconfig included) and additional files;
// the source generators on it run once before the analyzers. Each LABEL=DLL set loads into its own
// AssemblyLoadContext, with the dependencies beside DLL, so that two builds of the same analyzers (a baseline and the
// work tree) run in one process, alternating run by run. With --diagnostics, each set's first-run diagnostics go to
// DIR/LABEL.txt (one sorted line each), so that a change which must not alter what the rules report can be diffed.
// With --fresh, every run of a set on a project analyses a new copy of the project's compilation (Compilation.Clone,
// warmed up untimed like the first): a project of a real build is a compilation the analyzers have not seen, so its
// per-compilation work (symbol lookups, tables built once per compilation) counts in every run, not in the first only.
// With --unbound (implies --fresh), the copies are not warmed up: nobody has bound their method bodies or read their
// references' symbols yet, as in a build, where the analyzers run beside the compiler and the first to ask for a body's
// semantic model or a referenced assembly's types pays for it in its own analyzer time.
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

var log = "";
var runs = 5;
string? diagnosticsDir = null;
var fresh = false;
var unbound = false;
var sets = new List<AnalyzerSet>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--fresh")
    {
        fresh = true;
        continue;
    }

    if (args[i] == "--unbound")
    {
        fresh = unbound = true;
        continue;
    }

    var value = i + 1 < args.Length ? args[i + 1] : throw Usage($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--log": log = value; break;
        case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--diagnostics": diagnosticsDir = value; break;
        case "--analyzers":
            var split = value.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0) throw Usage("--analyzers takes LABEL=DLL");
            sets.Add(AnalyzerSet.Load(value[..split], Path.GetFullPath(value[(split + 1)..])));
            break;
        default: throw Usage($"unknown option {args[i]}");
    }
    i++;
}
if (log.Length == 0 || sets.Count == 0 || runs < 2) throw Usage("--log, at least one --analyzers and --runs 2 or more");

var setPaths = sets.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
var projects = BuildLog.CommandLines(log).Select(c => ProjectInput.Create(c.Project, c.Directory, c.Arguments, setPaths)).ToList();
Console.WriteLine($"{projects.Count} projects, {projects.Sum(p => p.Compilation.SyntaxTrees.Count())} syntax trees; " +
                  $"{string.Join(", ", sets.Select(s => $"{s.Label}: {s.Analyzers.Length} analyzers"))}; {runs} runs");

// Roslyn's own first-use costs (binding, operation trees, symbol display) are paid once here, by an analyzer that
// touches what the profiled ones touch, so that a set's cold run measures its own first use (JIT, static tables,
// libraries), as in a compiler server that has compiled other projects before.
var warmUp = new Stopwatch();
warmUp.Start();
foreach (var project in projects)
{
    await project.Compilation.WithAnalyzers([new RoslynWarmUp()], project.AnalyzerOptions()).GetAnalyzerDiagnosticsAsync();
}
Console.WriteLine($"Roslyn warm-up: {warmUp.Elapsed.TotalSeconds:F1} s");

// times[set][run][project][analyzer index]
var times = sets.ToDictionary(s => s, _ => new double[runs][][]);
for (var run = 0; run < runs; run++)
{
    var clock = Stopwatch.StartNew();
    foreach (var set in sets)
    {
        times[set][run] = new double[projects.Count][];
    }

    // Project by project, the sets in turn, the first one alternating: whichever set runs first on the first project
    // pays what the sets share (the runtime's own code paths), so neither is always first.
    for (var p = 0; p < projects.Count; p++)
    {
        var order = (run + p) % 2 == 0 ? sets : Enumerable.Reverse(sets).ToList();
        foreach (var set in order)
        {
            var compilation = projects[p].Compilation;
            if (fresh && run > 0)
            {
                compilation = compilation.Clone();
                if (!unbound)
                {
                    await compilation.WithAnalyzers([new RoslynWarmUp()], projects[p].AnalyzerOptions()).GetAnalyzerDiagnosticsAsync();
                }
            }

            var (seconds, diagnostics) = await Analyze(projects[p], compilation, set);
            times[set][run][p] = seconds;
            if (run == 0 && diagnosticsDir is not null)
            {
                Directory.CreateDirectory(diagnosticsDir);
                File.AppendAllLines(Path.Combine(diagnosticsDir, set.Label + ".txt"), diagnostics);
            }
        }
    }
    Console.WriteLine($"run {run + 1}: {clock.Elapsed.TotalSeconds:F1} s");
}
if (diagnosticsDir is not null)
{
    foreach (var set in sets)
    {
        var file = Path.Combine(diagnosticsDir, set.Label + ".txt");
        var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
        File.WriteAllLines(file, lines.Order(StringComparer.Ordinal));
        Console.WriteLine($"{set.Label}: {lines.Length} diagnostics in {file}");
    }
}
Report.Print(sets, projects, times, runs);
return 0;

static async Task<(double[] Seconds, List<string> Diagnostics)> Analyze(ProjectInput project, Compilation compilation, AnalyzerSet set)
{
    var failures = new ConcurrentBag<string>();
    var options = new CompilationWithAnalyzersOptions(
        project.AnalyzerOptions(),
        (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
        concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
    var analysis = compilation.WithAnalyzers(set.Analyzers, options);
    var found = await analysis.GetAnalyzerDiagnosticsAsync();
    foreach (var failure in failures.Distinct()) Console.Error.WriteLine($"{project.Name}: analyzer failed: {failure}");
    var seconds = new double[set.Analyzers.Length];
    for (var a = 0; a < seconds.Length; a++)
    {
        seconds[a] = (await analysis.GetAnalyzerTelemetryInfoAsync(set.Analyzers[a], CancellationToken.None)).ExecutionTime.TotalSeconds;
    }
    var lines = found.Select(d =>
    {
        var span = d.Location.GetLineSpan();
        var file = span.Path.Length == 0 ? "(no file)" : Path.GetFileName(span.Path);
        return $"{project.Name} {d.Id} {file}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1} {d.GetMessage(CultureInfo.InvariantCulture)}";
    }).ToList();
    return (seconds, lines);
}

static ArgumentException Usage(string problem) => new(
    $"{problem}\nusage: AnalyzerProfile --log BUILD_LOG --analyzers LABEL=DLL [--analyzers LABEL=DLL]... [--runs N] [--diagnostics DIR] [--fresh | --unbound]");

/// <summary>Exercises the Roslyn APIs analyzers use, on every project, before anything is measured.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
sealed class RoslynWarmUp : DiagnosticAnalyzer
{
    static readonly DiagnosticDescriptor Rule = new("WARMUP", "warm-up", "warm-up", "warm-up", DiagnosticSeverity.Warning, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            _ = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            _ = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.ProjectDir", out _);
            foreach (var file in start.Options.AdditionalFiles) _ = file.GetText(start.CancellationToken)?.ToString();
            start.RegisterOperationAction(o =>
            {
                _ = o.Operation.Type?.ToDisplayString();
                _ = o.Operation.Syntax.GetLocation();
                if (o.Operation is Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation)
                {
                    _ = invocation.TargetMethod.ContainingType.ToDisplayString();
                    _ = invocation.TargetMethod.GetAttributes();
                    _ = invocation.TargetMethod.ContainingAssembly?.Name;
                }
            }, Enum.GetValues<OperationKind>().Where(k => k != OperationKind.None).ToImmutableArray());
            start.RegisterSyntaxNodeAction(n => _ = n.SemanticModel.GetSymbolInfo(n.Node, n.CancellationToken),
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression, Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierName,
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.ObjectCreationExpression, Microsoft.CodeAnalysis.CSharp.SyntaxKind.StringLiteralExpression);
            start.RegisterSymbolAction(s =>
            {
                _ = s.Symbol.GetAttributes();
                if (s.Symbol is INamedTypeSymbol type) _ = (type.AllInterfaces, type.GetMembers(), type.BaseType?.ToDisplayString());
            }, SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Property, SymbolKind.Field);
            start.RegisterOperationBlockAction(block => _ = block.OperationBlocks.Length);
            start.RegisterCompilationEndAction(_ => { });
        });
    }
}

/// <summary>One analyzer assembly (and the dependencies beside it) in its own load context.</summary>
sealed class AnalyzerSet
{
    public required string Label { get; init; }
    public required string Path { get; init; }
    public required ImmutableArray<DiagnosticAnalyzer> Analyzers { get; init; }

    public static AnalyzerSet Load(string label, string path)
    {
        var context = new FolderLoadContext(label, System.IO.Path.GetDirectoryName(path)!);
        var assembly = context.LoadFromAssemblyPath(path);
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) &&
                        t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return new AnalyzerSet { Label = label, Path = path, Analyzers = analyzers };
    }

    public static string Ids(DiagnosticAnalyzer analyzer) =>
        string.Join(",", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
}

/// <summary>Loads an analyzer's own assemblies from its folder; Roslyn and the runtime come from the default context.</summary>
sealed class FolderLoadContext(string name, string folder) : AssemblyLoadContext(name)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } simple && (simple.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || simple.StartsWith("System.", StringComparison.Ordinal)))
        {
            return null;
        }
        var candidate = Path.Combine(folder, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}

/// <summary>The csc command lines of a `dotnet build -v:d` log, one per project, in build order.</summary>
static class BuildLog
{
    static readonly Regex Project = new(@"^Target ""CoreCompile"" in file "".*?"" from project ""(?<path>[^""]+)""");

    public static IEnumerable<(string Project, string Directory, string[] Arguments)> CommandLines(string log)
    {
        string? project = null;
        foreach (var line in File.ReadLines(log))
        {
            var started = Project.Match(line);
            if (started.Success)
            {
                project = started.Groups["path"].Value;
                continue;
            }
            var text = line.TrimStart();
            var compiler = text.IndexOf("/csc ", StringComparison.Ordinal);
            if (project is null || compiler < 0 || !text.Contains(" /out:", StringComparison.Ordinal)) continue;
            var arguments = CommandLineParser.SplitCommandLineIntoArguments(text[(compiler + "/csc ".Length)..], removeHashComments: false);
            yield return (Path.GetFileNameWithoutExtension(project), Path.GetDirectoryName(project)!, arguments.ToArray());
            project = null;
        }
    }
}

/// <summary>One project's compilation (source generators applied) and what its analyzers are given.</summary>
sealed class ProjectInput
{
    static readonly ConcurrentDictionary<string, ImmutableArray<ISourceGenerator>> Generators = new(StringComparer.Ordinal);

    public required string Name { get; init; }
    public required CSharpCompilation Compilation { get; init; }
    public required ImmutableArray<string> AdditionalFiles { get; init; }
    public required ConfigOptionsProvider Options { get; init; }

    /// <summary>New additional-file objects per run: the compiler reads them once per compilation, and so do these.</summary>
    public AnalyzerOptions AnalyzerOptions() =>
        new([.. AdditionalFiles.Select(f => (AdditionalText)new FileText(f))], Options);

    public static ProjectInput Create(string name, string directory, string[] arguments, HashSet<string> profiled)
    {
        var parsed = CSharpCommandLineParser.Default.Parse(arguments, directory, sdkDirectory: null);
        var configs = parsed.AnalyzerConfigPaths.Select(p => AnalyzerConfig.Parse(File.ReadAllText(p), p)).ToList();
        var configSet = AnalyzerConfigSet.Create(configs);
        var provider = new ConfigOptionsProvider(configSet);
        var trees = parsed.SourceFiles.Select(f =>
        {
            using var stream = File.OpenRead(f.Path);
            return CSharpSyntaxTree.ParseText(SourceText.From(stream, checksumAlgorithm: SourceHashAlgorithm.Sha256), parsed.ParseOptions, f.Path);
        }).ToList();
        var references = parsed.MetadataReferences.Select(r => (MetadataReference)MetadataReference.CreateFromFile(r.Reference, r.Properties));
        var compilation = CSharpCompilation.Create(
            parsed.CompilationName ?? name, trees, references,
            parsed.CompilationOptions.WithSyntaxTreeOptionsProvider(new TreeOptionsProvider(configSet)));
        var additional = parsed.AdditionalFiles.Select(f => f.Path).ToImmutableArray();

        // The source generators of the command line (not the analyzer sets being profiled), as the compiler runs them.
        var generators = parsed.AnalyzerReferences
            .Select(r => Path.GetFullPath(r.FilePath))
            .Where(p => !profiled.Contains(p) && !Path.GetFileName(p).StartsWith("PortfolioKit.", StringComparison.Ordinal) &&
                        !Path.GetFileName(p).StartsWith("Meziantou.", StringComparison.Ordinal))
            .SelectMany(p => Generators.GetOrAdd(p, LoadGenerators))
            .ToList();
        if (generators.Count > 0)
        {
            var driver = CSharpGeneratorDriver.Create(generators, additional.Select(f => (AdditionalText)new FileText(f)), parsed.ParseOptions, provider);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
            compilation = (CSharpCompilation)generated;
        }
        return new ProjectInput { Name = name, Compilation = compilation, AdditionalFiles = additional, Options = provider };
    }

    static ImmutableArray<ISourceGenerator> LoadGenerators(string path)
    {
        try
        {
            var reference = new AnalyzerFileReference(path, GeneratorLoader.Instance);
            return reference.GetGenerators(LanguageNames.CSharp);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException)
        {
            Console.Error.WriteLine($"skipped source generators of {Path.GetFileName(path)}: {e.Message}");
            return [];
        }
    }
}

/// <summary>Loads source generators (and their neighbours) into the default context, once per path.</summary>
sealed class GeneratorLoader : IAnalyzerAssemblyLoader
{
    public static readonly GeneratorLoader Instance = new();
    readonly ConcurrentDictionary<string, byte> folders = new(StringComparer.Ordinal);

    GeneratorLoader() => AssemblyLoadContext.Default.Resolving += (context, name) =>
        folders.Keys.Select(f => Path.Combine(f, name.Name + ".dll")).Where(File.Exists).Select(context.LoadFromAssemblyPath).FirstOrDefault();

    public void AddDependencyLocation(string fullPath) => folders.TryAdd(Path.GetDirectoryName(fullPath)!, 0);

    public Assembly LoadFromPath(string fullPath)
    {
        AddDependencyLocation(fullPath);
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}

sealed class FileText(string path) : AdditionalText
{
    SourceText? text;
    public override string Path => path;
    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        text ??= File.Exists(path) ? SourceText.From(File.ReadAllText(path)) : null;
}

sealed class ConfigOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
{
    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    public override IEnumerable<string> Keys => values.Keys;
}

/// <summary>.editorconfig and .globalconfig options per file, as the compiler gives them to analyzers.</summary>
sealed class ConfigOptionsProvider(AnalyzerConfigSet configs) : AnalyzerConfigOptionsProvider
{
    readonly ConcurrentDictionary<string, ConfigOptions> perPath = new(StringComparer.Ordinal);
    public override AnalyzerConfigOptions GlobalOptions { get; } = new ConfigOptions(configs.GlobalConfigOptions.AnalyzerOptions);
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => For(tree.FilePath);
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => For(textFile.Path);
    ConfigOptions For(string path) => perPath.GetOrAdd(path, p => new ConfigOptions(configs.GetOptionsForSourcePath(p).AnalyzerOptions));
}

/// <summary>Severities per file from the same configuration, and generated_code.</summary>
sealed class TreeOptionsProvider(AnalyzerConfigSet configs) : SyntaxTreeOptionsProvider
{
    readonly ConcurrentDictionary<string, AnalyzerConfigOptionsResult> perPath = new(StringComparer.Ordinal);

    AnalyzerConfigOptionsResult For(SyntaxTree tree) => perPath.GetOrAdd(tree.FilePath, configs.GetOptionsForSourcePath);

    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
        For(tree).AnalyzerOptions.TryGetValue("generated_code", out var value) && bool.TryParse(value, out var generated)
            ? generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated
            : GeneratedKind.Unknown;

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        For(tree).TreeOptions.TryGetValue(diagnosticId, out severity);

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        configs.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
}

static class Report
{
    static bool IsRepositoryRule(DiagnosticAnalyzer analyzer) =>
        analyzer.SupportedDiagnostics.All(d => d.Id.StartsWith("PK9", StringComparison.Ordinal));

    public static void Print(List<AnalyzerSet> sets, List<ProjectInput> projects, Dictionary<AnalyzerSet, double[][][]> times, int runs)
    {
        // Per set and analyzer: the cold run's total over the projects, and the median of the warm runs' totals.
        double Cold(AnalyzerSet s, int a) => times[s][0].Sum(p => p[a]);
        // Warm: per project the least of the later runs, then summed, so that a load spike during one project of a run
        // does not decide a whole run's figure.
        double WarmOf(AnalyzerSet s, int p, IEnumerable<int> analyzers) => Enumerable.Range(1, runs - 1).Min(r => analyzers.Sum(a => times[s][r][p][a]));
        double Warm(AnalyzerSet s, int a) => Enumerable.Range(0, projects.Count).Sum(p => WarmOf(s, p, [a]));
        // The first run over the projects that are not the first of their kind (Domain, Infrastructure, Api...): code
        // the analyzer has run before, on a compilation it has not seen, which is what most projects of a build pay
        // (per-compilation symbol lookups and caches); the warm runs see those cached.
        var kind = (ProjectInput p) => p.Name[(p.Name.LastIndexOf('.') + 1)..];
        var laterProjects = projects.Select((p, i) => (p, i)).Where(x => projects.Take(x.i).Any(earlier => kind(earlier) == kind(x.p))).Select(x => x.i).ToList();
        double Fresh(AnalyzerSet s, int a) => laterProjects.Sum(p => times[s][0][p][a]);
        static string Ms(double seconds) => (1000 * seconds).ToString("F1", CultureInfo.InvariantCulture);

        var names = sets.SelectMany(s => s.Analyzers.Select(a => a.GetType().FullName!)).Distinct().ToList();
        var header = "| Analyzer | Rules |" + string.Concat(sets.Select(s => $" {s.Label} cold (ms) | {s.Label} new compilation (ms) | {s.Label} warm (ms) |"));
        Console.WriteLine();
        Console.WriteLine($"Per analyzer, summed over the {projects.Count} projects: the first run (cold) and, per project, the least of the other {runs - 1} (warm); " +
                          $"new compilation: the first run over the {laterProjects.Count} projects that are not the first of their kind.");
        Console.WriteLine();
        Console.WriteLine(header);
        Console.WriteLine("|---|---|" + string.Concat(sets.Select(_ => "---:|---:|---:|")));
        var rows = names.Select(n =>
        {
            var cells = sets.Select(s =>
            {
                var a = s.Analyzers.IndexOf(s.Analyzers.FirstOrDefault(x => x.GetType().FullName == n)!);
                return a < 0 ? (Cold: double.NaN, Fresh: double.NaN, Warm: double.NaN, Ids: "") : (Cold: Cold(s, a), Fresh: Fresh(s, a), Warm: Warm(s, a), Ids: AnalyzerSet.Ids(s.Analyzers[a]));
            }).ToList();
            // A suppressor (Meziantou has some) supports no diagnostic ids.
            return (Name: n[(n.LastIndexOf('.') + 1)..], Ids: cells.Select(c => c.Ids).FirstOrDefault(i => i.Length > 0) ?? "", Cells: cells);
        }).OrderByDescending(r => r.Cells.Where(c => !double.IsNaN(c.Cold)).Max(c => c.Cold)).ToList();
        foreach (var row in rows.Take(sets.Count > 1 || rows.Count <= 60 ? rows.Count : 30))
        {
            Console.WriteLine($"| {row.Name} | {row.Ids} |" + string.Concat(row.Cells.Select(c => double.IsNaN(c.Cold) ? " – | – | – |" : $" {Ms(c.Cold)} | {Ms(c.Fresh)} | {Ms(c.Warm)} |")));
        }

        Console.WriteLine();
        Console.WriteLine("| Set | Analyzers | Rules | Cold total (ms) | Warm total (ms) | Code rules | Code rules cold (ms) | Code rules new compilation (ms) | Code rules warm (ms) | Warm per code rule (ms) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in sets)
        {
            var all = Enumerable.Range(0, s.Analyzers.Length).ToList();
            var code = all.Where(a => !IsRepositoryRule(s.Analyzers[a])).ToList();
            var ids = s.Analyzers.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).Distinct().Count();
            var codeIds = code.SelectMany(a => s.Analyzers[a].SupportedDiagnostics.Select(d => d.Id)).Distinct().Count();
            double Total(IEnumerable<int> which, int run) => which.Sum(a => times[s][run].Sum(p => p[a]));
            var warmCode = Enumerable.Range(0, projects.Count).Sum(p => WarmOf(s, p, code));
            Console.WriteLine($"| {s.Label} | {s.Analyzers.Length} | {ids} | {Ms(Total(all, 0))} | " +
                              $"{Ms(Enumerable.Range(0, projects.Count).Sum(p => WarmOf(s, p, all)))} | {codeIds} | {Ms(Total(code, 0))} | {Ms(code.Sum(a => Fresh(s, a)))} | " +
                              $"{Ms(warmCode)} | {Ms(warmCode / Math.Max(codeIds, 1))} |");
        }

        Console.WriteLine();
        Console.WriteLine("Per project, all analyzers of the set (repository rules in brackets):");
        Console.WriteLine();
        Console.WriteLine("| Project |" + string.Concat(sets.Select(s => $" {s.Label} cold (ms) | {s.Label} warm (ms) |")));
        Console.WriteLine("|---|" + string.Concat(sets.Select(_ => "---:|---:|")));
        for (var p = 0; p < projects.Count; p++)
        {
            var cells = sets.Select(s =>
            {
                var repository = Enumerable.Range(0, s.Analyzers.Length).Where(a => IsRepositoryRule(s.Analyzers[a])).ToList();
                var cold = times[s][0][p].Sum();
                var coldRepository = repository.Sum(a => times[s][0][p][a]);
                var warm = Enumerable.Range(1, runs - 1).Min(r => times[s][r][p].Sum());
                var warmRepository = Enumerable.Range(1, runs - 1).Min(r => repository.Sum(a => times[s][r][p][a]));
                return $" {Ms(cold)} ({Ms(coldRepository)}) | {Ms(warm)} ({Ms(warmRepository)}) |";
            });
            Console.WriteLine($"| {projects[p].Name} |" + string.Concat(cells));
        }
    }
}
