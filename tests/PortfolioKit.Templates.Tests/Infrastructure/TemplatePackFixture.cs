namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Packs this repository's template package once per test run and installs it into an isolated template store
/// (`--debug:custom-hive`), so the tests exercise exactly what users install, without touching the machine's store.
/// </summary>
public sealed class TemplatePackFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "pk-template-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string PackageFolder => Path.Combine(WorkRoot, "packages");

    public string Hive => Path.Combine(WorkRoot, "hive");

    public string PackagePath { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkRoot);
        await ProcessRunner.RunAsync(
                "dotnet",
                ["pack", Repository.TemplateProject, "--configuration", "Release", "--output", PackageFolder],
                Repository.Root,
                CommandTimeout)
            .ContinueWith(task => task.Result.EnsureSuccess("Packing the template package"), TaskScheduler.Default);

        PackagePath = Directory.GetFiles(PackageFolder, "PortfolioKit.Templates.*.nupkg").Single();
        (await DotNetNewAsync(["install", PackagePath], WorkRoot)).EnsureSuccess("Installing the template package");
    }

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

    public Task DisposeAsync()
    {
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

[CollectionDefinition(Name)]
public sealed class TemplatePackDefinition : ICollectionFixture<TemplatePackFixture>
{
    public const string Name = "template pack";
}
