using System.Collections.Concurrent;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Packs this repository's template package once per test run and installs it into an isolated template store
/// (`--debug:custom-hive`), so the tests exercise exactly what users install, without touching the machine's store.
/// </summary>
public sealed class TemplatePackFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Lazy<Task<BuiltSolution>>> _built = new();

    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _once = new();

    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "pk-template-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string PackageFolder => Path.Combine(WorkRoot, "packages");

    public string Hive => Path.Combine(WorkRoot, "hive");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkRoot);
        // The contract checks' npm tools install (when they are not current) while the packages are packed.
        _ = NodeTools.SkipReason is null ? NodeTools.EnsureInstalledAsync() : null;
        foreach (var project in new[] { Repository.TemplateProject, Repository.AnalyzerPackageProject })
        {
            (await ProcessRunner.RunAsync("dotnet", ["pack", project, "--configuration", "Release", "--output", PackageFolder], Repository.Root, CommandTimeout))
                .EnsureSuccess($"Packing {Path.GetFileName(project)}");
        }

        // Generated projects reference PortfolioKit.Analyzers at this repository's version. Restore it from the package
        // just built (MSBuild reads the variable as a property), never from a copy cached by an earlier run.
        ProcessRunner.SharedEnvironment["RestoreAdditionalProjectSources"] = PackageFolder;
        var analyzerPackage = Directory.GetFiles(PackageFolder, "PortfolioKit.Analyzers.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(analyzerPackage)["PortfolioKit.Analyzers.".Length..];
        var cachedCopy = Path.Combine(NuGetPackagesFolder, "portfoliokit.analyzers", version);
        if (Directory.Exists(cachedCopy) && !CachedCopyMatches(analyzerPackage, cachedCopy))
        {
            Directory.Delete(cachedCopy, recursive: true);
        }

        var templatePackage = Directory.GetFiles(PackageFolder, "PortfolioKit.Templates.*.nupkg").Single();
        (await DotNetNewAsync(["install", templatePackage], WorkRoot)).EnsureSuccess("Installing the template package");
    }

    /// <summary>
    /// Whether the global packages folder already holds exactly this package's content (the build is deterministic,
    /// so unchanged sources give identical files). Only a stale or incomplete copy is deleted, which keeps other
    /// builds that use the cached copy undisturbed.
    /// </summary>
    private static bool CachedCopyMatches(string package, string cachedCopy)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(package);
        return archive.Entries
            .Where(entry => entry.FullName.StartsWith("analyzers/", StringComparison.Ordinal) || entry.FullName.StartsWith("build", StringComparison.Ordinal))
            .All(entry =>
            {
                var cached = Path.Combine(cachedCopy, entry.FullName);
                if (!File.Exists(cached) || new FileInfo(cached).Length != entry.Length)
                {
                    return false;
                }

                using var packed = entry.Open();
                using var memory = new MemoryStream();
                packed.CopyTo(memory);
                return memory.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(cached));
            });
    }

    /// <summary>The global packages folder restores use (NUGET_PACKAGES, else the user's).</summary>
    public static string NuGetPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs `dotnet new` against the isolated template store, offline.</summary>
    public Task<ProcessResult> DotNetNewAsync(IEnumerable<string> arguments, string workingDirectory) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["new", .. arguments, "--debug:custom-hive", Hive],
            workingDirectory,
            CommandTimeout);

    /// <summary>
    /// Generates <paramref name="template"/> into a new folder and returns that folder. The restore post action is
    /// skipped (the build restores anyway); <see cref="TemplateOptionTests"/> covers it.
    /// </summary>
    public async Task<string> GenerateAsync(string template, string name, params string[] options)
    {
        var output = Path.Combine(WorkRoot, "out", Guid.NewGuid().ToString("N")[..8], name);
        var result = await DotNetNewAsync([template, "--name", name, "--output", output, "--no-update-check", "--no-restore", .. options], WorkRoot);
        result.EnsureSuccess($"dotnet new {template} -n \"{name}\" {string.Join(' ', options)}");
        return output;
    }

    /// <summary>
    /// Generates and builds a solution once per test run, shared by every test class that asks for the same template,
    /// name and options (generating and building take minutes on a small CI machine).
    /// </summary>
    public Task<BuiltSolution> GenerateAndBuildOnceAsync(string template, string name, params string[] options) =>
        _built.GetOrAdd(
            string.Join('\n', [template, name, .. options]),
            _ => new Lazy<Task<BuiltSolution>>(async () =>
            {
                var folder = await GenerateAsync(template, name, options);
                return new BuiltSolution(folder, await GeneratedSolution.BuildAsync(folder));
            })).Value;

    /// <summary>Runs <paramref name="create"/> once per test run for <paramref name="key"/>; later callers share its result.</summary>
    public async Task<T> OnceAsync<T>(string key, Func<Task<T>> create)
        where T : class =>
        (T)await _once.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

    public Task DisposeAsync()
    {
        // Tests outside this collection (the demo script's) run after it; they must not restore from a deleted folder.
        ProcessRunner.SharedEnvironment.TryRemove("RestoreAdditionalProjectSources", out _);
        if (Environment.GetEnvironmentVariable("PK_KEEP_GENERATED") != "1")
        {
            try
            {
                Directory.Delete(WorkRoot, recursive: true);
            }
            catch (IOException)
            {
                // A process that has just exited may still hold a file for a moment; the temp folder is reclaimed later.
            }
        }

        return Task.CompletedTask;
    }
}

public sealed record BuiltSolution(string Folder, ProcessResult Build);

[CollectionDefinition(Name)]
public sealed class TemplatePackDefinition : ICollectionFixture<TemplatePackFixture>
{
    public const string Name = "template pack";
}
