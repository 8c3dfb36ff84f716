using System.Text.Json;
using System.Xml.Linq;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// Every generated solution the suite builds: the pairwise option matrix over every project template in the package
/// (the choice parameters come from each template.json, so an option added later joins the matrix by itself), plus
/// the rows other tests need (the seeds in <see cref="MatrixPlan"/>). All rows are generated first, the item
/// templates run in the rows that get them, then every row builds in one MSBuild invocation (one restore, shared
/// build nodes and compiler server) and their tests run in one `dotnet test` per database engine, the engines at the
/// same time: that is what keeps the suite affordable on a 2-core CI machine.
/// </summary>
public static class OptionMatrix
{
    /// <summary>Names with hyphens, dots and digits, spaces, '&amp;', non-ASCII letters, a C# keyword and framework namespaces.</summary>
    public static readonly string[] AdversarialNames =
        ["my-app", "Shop.2026", "My Shop & Co", "Café.Commandes", "class", "System", "Microsoft", "Acme.Orders-2", "x"];

    /// <summary>The templates the matrix generates: the solution templates (item templates need a solution to go into).</summary>
    public static IReadOnlyList<string> Templates() =>
        Directory.GetDirectories(Path.Combine(Repository.Root, "templates", "content"))
            .Where(folder => TemplateConfig.Type(folder) is "solution" or "project")
            .Select(folder => Path.GetFileName(folder)!)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every choice option of the template with its values; the first value is the template's default.</summary>
    public static IReadOnlyList<(string Option, string[] Values)> Factors(string template) => TemplateConfig.Choices(template);

    /// <summary>The options that change what is compiled: the matrix covers every pair of their values.</summary>
    public static IReadOnlyList<(string Option, string[] Values)> BuildFactors(string template) =>
        Factors(template).Where(factor => !MatrixPlan.ContentOnlyOptions.ContainsKey(factor.Option) && !MatrixPlan.GeneratedOnlyOptions.ContainsKey(factor.Option)).ToList();

    public static IReadOnlyList<MatrixRow> Rows()
    {
        var rows = new List<MatrixRow>();
        var coveredByTwins = new List<string>();
        foreach (var (template, templateIndex) in Templates().Select((template, index) => (template, index)))
        {
            var factors = BuildFactors(template);
            var seeds = MatrixPlan.Seeds(template, Defaults(template));
            // backend-api rows stand for backend-portfolio --messaging none (their twins): their pairs count for it too.
            var alreadyCovered = coveredByTwins.Where(pair => MatrixPlan.TwinTemplates.Contains(template)).ToList();
            var choices = Pairwise.Rows(factors, [.. seeds.Select(seed => seed.Choices)], alreadyCovered);

            var cliNames = TemplateConfig.CliNames(template);
            var unnamed = 0;
            foreach (var (rowChoices, rowIndex) in choices.Select((rowChoices, index) => (rowChoices, index)))
            {
                var seed = rowIndex < seeds.Count ? seeds[rowIndex] : null;
                var full = new Dictionary<string, string>(rowChoices, StringComparer.Ordinal);
                string name;
                if (seed?.Name is { } fixedName)
                {
                    // A named seed is generated exactly as a user would with these options: every other option at its default.
                    name = fixedName;
                    foreach (var (option, values) in Factors(template).Where(factor => MatrixPlan.ContentOnlyOptions.ContainsKey(factor.Option)))
                    {
                        full[option] = values[0];
                    }
                }
                else
                {
                    // Shifted per template, so that a name meets different option values in each template.
                    name = AdversarialNames[(unnamed + (templateIndex * 4)) % AdversarialNames.Length];
                    foreach (var (option, values) in Factors(template).Where(factor => MatrixPlan.ContentOnlyOptions.ContainsKey(factor.Option)))
                    {
                        // Each value other than the default once, in the first unnamed rows; the default everywhere else.
                        full[option] = unnamed + 1 < values.Length ? values[unnamed + 1] : values[0];
                    }

                    unnamed++;
                }

                foreach (var (option, values) in Factors(template).Where(factor => MatrixPlan.GeneratedOnlyOptions.ContainsKey(factor.Option)))
                {
                    full[option] = values[0];
                }

                var options = Factors(template)
                    .SelectMany(factor => new[] { "--" + cliNames.GetValueOrDefault(factor.Option, factor.Option), full[factor.Option] })
                    .ToList();
                var row = new MatrixRow($"{template}-{rows.Count:D2}", template, name, full, options, seed?.Purpose, RowItems.None);
                rows.Add(row);
                if (MatrixPlan.TwinOf(template) is { } twinOf)
                {
                    coveredByTwins.AddRange(Pairwise.PairsOf(row.TwinChoices(twinOf)!, BuildFactors(twinOf.Template)));
                }
            }
        }

        return MatrixPlan.WithItems(rows);
    }

    /// <summary>The matrix run of this test run, shared by every test that uses its rows (it runs once).</summary>
    public static Task<MatrixRun> RunOnceAsync(TemplatePackFixture pack) => pack.OnceAsync("option-matrix", () => RunAsync(pack));

    /// <summary>The rows this run builds: all of them, or in the fast tier (PK_TEST_TIER=fast) only the flagship.</summary>
    public static IReadOnlyList<MatrixRow> SelectedRows(IReadOnlyList<MatrixRow> rows) =>
        TestTier.IsFast ? [.. rows.Where(row => row.Name == MatrixPlan.FlagshipName)] : rows;

    private static Dictionary<string, string> Defaults(string template) =>
        BuildFactors(template).ToDictionary(factor => factor.Option, factor => factor.Values[0], StringComparer.Ordinal);

    /// <summary>
    /// Every row generated (not yet built), once per test run: for tests that read the output only (and the backend-api
    /// rows' twins), which then need not wait for the matrix build.
    /// </summary>
    public static Task<MatrixGeneration> GenerateOnceAsync(TemplatePackFixture pack) => pack.OnceAsync("option-matrix-generated", () => GenerateAsync(pack));

    private static async Task<MatrixGeneration> GenerateAsync(TemplatePackFixture pack)
    {
        var root = Directory.CreateDirectory(Path.Combine(pack.WorkRoot, "matrix")).FullName;
        var rows = SelectedRows(Rows());
        var folders = rows.ToDictionary(row => row.Id, row => Path.Combine(root, row.Id, row.Name), StringComparer.Ordinal);

        // `dotnet new` is mostly start-up: four at a time keeps both cores busy.
        using var generations = new SemaphoreSlim(4);
        var twins = new Dictionary<string, string>(StringComparer.Ordinal);
        await Task.WhenAll(rows.Select(async row =>
        {
            await generations.WaitAsync();
            try
            {
                (await pack.DotNetNewAsync([row.Template, "--name", row.Name, "--output", folders[row.Id], "--no-update-check", "--no-restore", .. row.Options], pack.WorkRoot))
                    .EnsureSuccess($"dotnet new {row}");
                if (MatrixPlan.TwinOf(row.Template) is { } twin)
                {
                    var twinFolder = Path.Combine(root, row.Id, "twin", row.Name);
                    (await pack.DotNetNewAsync([twin.Template, "--name", row.Name, "--output", twinFolder, "--no-update-check", "--no-restore", .. row.TwinOptions(twin)], pack.WorkRoot))
                        .EnsureSuccess($"dotnet new {twin.Template} (the twin of {row})");
                    lock (twins)
                    {
                        twins[row.Id] = twinFolder;
                    }
                }
            }
            finally
            {
                generations.Release();
            }
        }));

        return new MatrixGeneration(root, rows, folders, twins);
    }

    /// <summary>Runs the item templates in the generated rows, builds all rows at once, and starts their tests per engine.</summary>
    private static async Task<MatrixRun> RunAsync(TemplatePackFixture pack)
    {
        var (root, rows, folders, twins) = await GenerateOnceAsync(pack);

        // A failed post action is reported by its row's test; the build then fails on that row's new files.
        var items = new Dictionary<string, ItemRun>(StringComparer.Ordinal);
        foreach (var (row, results) in await Task.WhenAll(rows.Where(row => row.Items != RowItems.None).Select(async row => (row, await ItemTemplates.AddAsync(pack, row, folders[row.Id])))))
        {
            items[row.Id] = results;
        }

        WriteSolution(Path.Combine(root, "Matrix.slnx"), root, rows.Select(row => folders[row.Id]));
        var build = await ProcessRunner.RunAsync(
            "dotnet", ["build", "Matrix.slnx", "--configuration", "Release", "-warnaserror", "-nodeReuse:false", "-nologo", "-clp:NoSummary"], root, TimeSpan.FromMinutes(20));

        // The tests and the HTTP exercises start now and run in the background; a test that needs only the built row
        // does not wait for them. A failed build runs neither (each row's test reports the build's errors).
        return build.ExitCode == 0
            ? new MatrixRun(rows, folders, twins, items, build, RunTestsAsync(root, rows, folders), StartExercises(rows, folders))
            : new MatrixRun(rows, folders, twins, items, build, Task.FromResult(new MatrixTestRun([], new Dictionary<string, RowTestResults>())), new Dictionary<string, Task<string>>());
    }

    /// <summary>
    /// Every row's exercise over HTTP (<see cref="RowExercise"/>), two at a time, while the generated tests run: they
    /// wait on backoffs and servers for much of their time, and the exercises fill it instead of running one after
    /// another once the tests are done.
    /// </summary>
    private static Dictionary<string, Task<string>> StartExercises(IReadOnlyList<MatrixRow> rows, IReadOnlyDictionary<string, string> folders)
    {
        var slots = new SemaphoreSlim(2);
        return rows.ToDictionary(row => row.Id, row => Task.Run(() => ExerciseAsync(row)), StringComparer.Ordinal);

        async Task<string> ExerciseAsync(MatrixRow row)
        {
            await slots.WaitAsync();
            try
            {
                return await RowExercise.RunAsync(row, folders[row.Id]);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static async Task<MatrixTestRun> RunTestsAsync(string root, IReadOnlyList<MatrixRow> rows, IReadOnlyDictionary<string, string> folders)
    {
        // The engines' test runs at the same time: each is mostly waiting on its server, the broker or a test host.
        var groups = await Task.WhenAll(rows.GroupBy(row => row.Engine).Select(group => TestGroupAsync(root, group.Key, [.. group], folders)));
        var results = new Dictionary<string, RowTestResults>(StringComparer.Ordinal);
        foreach (var (_, counts) in groups)
        {
            foreach (var (id, count) in counts)
            {
                results[id] = results.TryGetValue(id, out var earlier) ? earlier + count : count;
            }
        }

        return new MatrixTestRun([.. groups.Select(group => group.Run)], results);
    }

    /// <summary>Runs the tests of one engine's rows, with that engine's server and the broker, and counts them per row.</summary>
    private static async Task<(ProcessResult Run, List<(string Id, RowTestResults Counts)> Counts)> TestGroupAsync(
        string root, string engine, List<MatrixRow> group, IReadOnlyDictionary<string, string> folders)
    {
        var assemblies = group.SelectMany(row => Directory.GetFiles(Path.Combine(folders[row.Id], "tests"), "*.csproj", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(TestAssembly)
            .ToList();
        var trx = Path.Combine(root, "results-" + engine);
        var environment = new Dictionary<string, string>();
        if (engine != "sqlite" && DatabaseServer.For(engine).AdminConnectionString is { } server)
        {
            environment["TEST_DATABASE_CONNECTION_STRING"] = server;
        }

        if (Broker.Uri is { } broker)
        {
            environment["TEST_RABBITMQ_CONNECTION_STRING"] = broker;
        }

        // The built test assemblies in one test run, rather than the projects: no MSBuild evaluation, and one test
        // platform process per engine instead of one per project, two test hosts at a time as MSBuild ran them; the
        // same tests and the same TRX results, for 18% less CPU (13 s of 74 on SQLite's rows).
        // No blame collector: it starts a data collector process beside every test host (34 in a full run, 12.5 s of
        // CPU). xunit names a test that runs past a minute instead, in the output a timeout below reports.
        var run = await ProcessRunner.RunAsync(
            "dotnet",
            ["test", .. assemblies, "--logger", "trx", "--results-directory", trx, "--",
                "RunConfiguration.MaxCpuCount=2", "xUnit.LongRunningTestSeconds=60", "xUnit.DiagnosticMessages=true"],
            root,
            TimeSpan.FromMinutes(10),
            environment);
        var counts = new List<(string Id, RowTestResults Counts)>();
        foreach (var (assembly, count) in TrxResults.PerAssembly(trx))
        {
            // TRX files record the assembly path in lower case.
            var row = group.FirstOrDefault(candidate => assembly.StartsWith(folders[candidate.Id] + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase));
            if (row is not null)
            {
                counts.Add((row.Id, count));
            }
        }

        return (run, counts);
    }

    /// <summary>
    /// The assembly a built test project wrote: its name is the solution's safe name followed by the project's
    /// ("Acme.Orders.Api.Tests"), and it is the one in the output folder with a runtimeconfig of its own.
    /// </summary>
    private static string TestAssembly(string project)
    {
        var output = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0");
        var runtimeConfig = Directory.GetFiles(output, $"*.{Path.GetFileNameWithoutExtension(project)}.runtimeconfig.json").Single();
        return runtimeConfig[..^".runtimeconfig.json".Length] + ".dll";
    }

    /// <summary>
    /// A solution of every row's projects, each row in a solution folder of its own (every row has projects named Api,
    /// Domain, ...). Paths are relative and XML-escaped: names hold spaces, '&amp;' and non-ASCII letters.
    /// </summary>
    private static void WriteSolution(string path, string root, IEnumerable<string> folders)
    {
        var solution = new XElement("Solution");
        foreach (var folder in folders)
        {
            var rowFolder = new XElement("Folder", new XAttribute("Name", $"/{Path.GetFileName(Path.GetDirectoryName(folder))}/"));
            foreach (var project in Directory.GetFiles(folder, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                rowFolder.Add(new XElement("Project", new XAttribute("Path", Path.GetRelativePath(root, project).Replace('\\', '/'))));
            }

            solution.Add(rowFolder);
        }

        new XDocument(solution).Save(path);
    }
}
