using System.Collections.Concurrent;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// This repository's template package, packed (or taken from <c>PK_PACKAGES</c>, where eng/test.sh has packed it
/// already) and installed once per test run into an isolated template store (`--debug:custom-hive`), so the tests
/// exercise exactly what users install without touching the machine's store.
/// </summary>
/// <remarks>
/// Every test class takes it as a class fixture; the instances share one pack, one store and one work folder
/// (static state, set up by the first class to start). That is what lets the test classes run in parallel: a class
/// waiting on a server or a poll no longer holds up a class that has CPU work to do.
/// </remarks>
public sealed class TemplatePackFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task> Setup = new(SetUpOnceAsync);

    private static readonly ConcurrentDictionary<string, Lazy<Task<object>>> SharedResults = new();

    private static readonly string SharedWorkRoot = Path.Combine(Path.GetTempPath(), "pk-template-tests-" + Guid.NewGuid().ToString("N")[..8]);

    // Each instance is a handle on the run's one pack: the instance members read the shared state through these.
    private readonly string _workRoot = SharedWorkRoot;

    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _results = SharedResults;

    public string WorkRoot => _workRoot;

    public string PackageFolder => Path.Combine(_workRoot, "packages");

    public string Hive => Path.Combine(_workRoot, "hive");

    /// <summary>
    /// A copy of <see cref="Hive"/> for one `dotnet new` run. The template engine does not guard its settings and
    /// template cache against concurrent runs (dotnet/templating#5203), and the suite runs many at once: each gets its
    /// own copy (under a megabyte; the mount point stays the one installed package, which nothing writes).
    /// </summary>
    public string PrivateHive()
    {
        var copy = Path.Combine(_workRoot, "hives", Guid.NewGuid().ToString("N")[..12]);
        foreach (var file in Directory.EnumerateFiles(Hive, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Hive, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    /// <summary>The global packages folder restores use (NUGET_PACKAGES, else the user's).</summary>
    public static string NuGetPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public Task InitializeAsync() => Setup.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs `dotnet new` against the isolated template store, offline.</summary>
    public Task<ProcessResult> DotNetNewAsync(IEnumerable<string> arguments, string workingDirectory) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["new", .. arguments, "--debug:custom-hive", PrivateHive()],
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

    /// <summary>Runs <paramref name="create"/> once per test run for <paramref name="key"/>; later callers share its result.</summary>
    public async Task<T> OnceAsync<T>(string key, Func<Task<T>> create)
        where T : class =>
        (T)await _results.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

    private static async Task SetUpOnceAsync()
    {
        var packages = Directory.CreateDirectory(Path.Combine(SharedWorkRoot, "packages")).FullName;
        // The npm checkers install (when node_modules is not current) while the packages are copied and installed.
        _ = CommandLineTool.SkipReason("node", "npm") is null ? NpmTools.EnsureInstalledAsync() : null;
        if (Environment.GetEnvironmentVariable("PK_PACKAGES") is { Length: > 0 } packed)
        {
            // eng/test.sh packed both packages from this working tree before the tests started: one pack per run.
            foreach (var package in Directory.GetFiles(packed, "PortfolioKit.*.nupkg"))
            {
                File.Copy(package, Path.Combine(packages, Path.GetFileName(package)));
            }
        }
        else
        {
            foreach (var project in new[] { Repository.TemplateProject, Repository.AnalyzerPackageProject })
            {
                (await ProcessRunner.RunAsync("dotnet", ["pack", project, "--configuration", "Release", "--output", packages], Repository.Root, CommandTimeout))
                    .EnsureSuccess($"Packing {Path.GetFileName(project)}");
            }
        }

        // Generated projects reference PortfolioKit.Analyzers at this repository's version. Restore it from the package
        // just built (MSBuild reads the variable as a property), never from a copy cached by an earlier run.
        ProcessRunner.SharedEnvironment["RestoreAdditionalProjectSources"] = packages;

        // The apps and test hosts the tests start run many at a time on a small machine: with the workstation GC
        // (the server GC's heaps and threads per process are for one app owning the machine) and without watching
        // their appsettings files for changes (nothing edits them under a running test).
        ProcessRunner.SharedEnvironment["DOTNET_gcServer"] = "0";
        ProcessRunner.SharedEnvironment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        var analyzerPackage = Directory.GetFiles(packages, "PortfolioKit.Analyzers.*.nupkg").Single(file => !file.EndsWith(".symbols.nupkg", StringComparison.Ordinal));
        var version = Path.GetFileNameWithoutExtension(analyzerPackage)["PortfolioKit.Analyzers.".Length..];
        var cachedCopy = Path.Combine(NuGetPackagesFolder, "portfoliokit.analyzers", version);
        if (Directory.Exists(cachedCopy) && !PackageCache.Holds(analyzerPackage, cachedCopy))
        {
            Directory.Delete(cachedCopy, recursive: true);
        }

        var templatePackage = Directory.GetFiles(packages, "PortfolioKit.Templates.*.nupkg").Single();
        (await ProcessRunner.RunAsync("dotnet", ["new", "install", templatePackage, "--debug:custom-hive", Path.Combine(SharedWorkRoot, "hive")], SharedWorkRoot, CommandTimeout))
            .EnsureSuccess("Installing the template package");
        // One listing writes the template cache, which every private copy of the hive then starts from.
        (await ProcessRunner.RunAsync("dotnet", ["new", "list", "--debug:custom-hive", Path.Combine(SharedWorkRoot, "hive")], SharedWorkRoot, CommandTimeout))
            .EnsureSuccess("Listing the installed templates");

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteWorkRoot();
    }

    private static void DeleteWorkRoot()
    {
        if (Environment.GetEnvironmentVariable("PK_KEEP_GENERATED") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(SharedWorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // A process that has just exited may still hold a file for a moment; the temp folder is reclaimed later.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: left to the temp folder's own clean-up.
        }
    }
}
