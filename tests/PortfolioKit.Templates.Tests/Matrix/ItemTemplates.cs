using System.Globalization;
using System.Text.RegularExpressions;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>Runs the item templates in a row's root folder, with their post actions, as a user would.</summary>
public static class ItemTemplates
{
    /// <summary>
    /// The .NET CLI home of the items row's consumer post action, which starts with a dotnet-ef record pointing into a
    /// packages folder that no longer exists, as a cleaned CI workspace leaves it.
    /// </summary>
    public static string StaleCliHome(TemplatePackFixture pack) => Path.Combine(pack.WorkRoot, "cli-home-with-a-stale-tool-record");

    public static string StaleToolRecord(TemplatePackFixture pack) => Path.Combine(StaleCliHome(pack), ".dotnet", "toolResolverCache", "1", "dotnet-ef");

    public static IEnumerable<int> AdrNumbers(string folder) =>
        Directory.GetFiles(Path.Combine(folder, "docs", "adr"), "*.md")
            .Select(file => Path.GetFileName(file))
            .Where(name => Regex.IsMatch(name, @"^\d{4}-"))
            .Select(name => int.Parse(name[..4], CultureInfo.InvariantCulture));

    /// <summary>Each project's packages.lock.json in <paramref name="folder"/>, by relative path.</summary>
    public static Dictionary<string, string> LockFiles(string folder) =>
        Directory.GetFiles(folder, "packages.lock.json", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), File.ReadAllText, StringComparer.Ordinal);

    public static async Task<ItemRun> AddAsync(TemplatePackFixture pack, MatrixRow row, string folder)
    {
        var highestAdrBefore = AdrNumbers(folder).DefaultIfEmpty().Max();
        // As the template's restore post action does for a user: the lock files exist before any item is added (the
        // items row checks that they stay current).
        var lockFilesBefore = new Dictionary<string, string>(StringComparer.Ordinal);
        if (row.Items == RowItems.All)
        {
            (await ProcessRunner.RunAsync("dotnet", ["restore"], folder, TimeSpan.FromMinutes(5))).EnsureSuccess($"dotnet restore in {folder}");
            lockFilesBefore = LockFiles(folder);
        }

        (string Key, string[] Arguments, bool StaleHome)[] items = row.Items == RowItems.All
            ?
            [
                ("endpoint", ["backend-endpoint", "--name", "Customer"], false),
                ("consumer", ["backend-consumer", "--name", ConsumerItem.Name], true),
                ("first adr", ["backend-adr", "--name", "Cache product reads in Redis"], false),
                ("second adr", ["backend-adr", "--name", "Use PostgreSQL in production", "--status", "accepted"], false),
            ]
            : [("consumer", ["backend-consumer", "--name", ConsumerItem.Name], false)];

        var runs = new Dictionary<string, ProcessResult>(StringComparer.Ordinal);
        foreach (var (key, arguments, staleHome) in items)
        {
            var environment = new Dictionary<string, string>
            {
                // The post actions' dotnet ef builds Release, which the matrix build then reuses. That hides no warning
                // only because the generated Directory.Build.props sets TreatWarningsAsErrors: the ef build fails on one.
                ["Configuration"] = "Release",
            };
            if (row.Engine != "sqlite")
            {
                // dotnet ef starts the API's host, which refuses to start without a connection string for a server
                // engine; adding a migration does not connect, and Npgsql and MySqlConnector both read this one.
                environment["ConnectionStrings__Database"] = "Server=localhost;Database=design_time_only";
            }

            if (staleHome)
            {
                await WriteStaleToolRecordAsync(pack);
                // The CLI home moves NuGet's too; the packages folder stays where the other restores put packages.
                environment["DOTNET_CLI_HOME"] = StaleCliHome(pack);
                environment["NUGET_PACKAGES"] = TemplatePackFixture.NuGetPackagesFolder;
            }

            runs[key] = await ProcessRunner.RunAsync(
                "dotnet",
                ["new", .. arguments, "--allow-scripts", "yes", "--no-update-check", "--debug:custom-hive", pack.PrivateHive()],
                folder,
                TimeSpan.FromMinutes(5),
                environment);
        }

        return new ItemRun(runs, highestAdrBefore, lockFilesBefore);
    }

    private static async Task WriteStaleToolRecordAsync(TemplatePackFixture pack)
    {
        var record = StaleToolRecord(pack);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        var gonePackages = Path.Combine(pack.WorkRoot, "deleted-packages-folder");
        await File.WriteAllTextAsync(
            record,
            $$"""[{"Version":"10.0.15","TargetFramework":"net10.0","RuntimeIdentifier":"any","Name":"dotnet-ef","Runner":"dotnet","PathToExecutable":"{{gonePackages}}/dotnet-ef/10.0.15/tools/net8.0/any/dotnet-ef.dll"}]""");
    }
}
