using System.Text.Json;
using System.Xml.Linq;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// One generated solution of the matrix: a template, an adversarial name, a value for every choice option, and those
/// choices as command-line options (the CLI names each template spells out in dotnetcli.host.json).
/// </summary>
public sealed record MatrixRow(string Id, string Template, string Name, IReadOnlyDictionary<string, string> Choices, IReadOnlyList<string> Options)
{
    public string Engine => Choices.GetValueOrDefault("database", "sqlite");

    public bool UsesRabbitMq => Choices.Values.Contains("rabbitmq", StringComparer.Ordinal);

    public override string ToString() => $"{Template} -n \"{Name}\" {string.Join(' ', Options)}";
}

/// <summary>
/// The pairwise option matrix over every project template in the package: the choice parameters come from each
/// template.json, so an option added later joins the matrix by itself; each row gets one of the names that break
/// other templates. All rows build in one MSBuild invocation (one restore, shared build nodes) and their tests run in
/// one `dotnet test` per database engine, the engines at the same time: that is what keeps a matrix of this size
/// affordable on a 2-core CI machine.
/// </summary>
public static class OptionMatrix
{
    /// <summary>Names with hyphens, dots and digits, spaces, '&amp;', non-ASCII letters, a C# keyword and framework namespaces.</summary>
    public static readonly string[] AdversarialNames =
        ["my-app", "Shop.2026", "My Shop & Co", "Café.Commandes", "class", "System", "Microsoft", "Acme.Orders-2", "x"];

    /// <summary>The templates the matrix generates: the solution templates (item templates need a solution to go into).</summary>
    public static IReadOnlyList<string> Templates() =>
        Directory.GetDirectories(Path.Combine(Repository.Root, "templates", "content"))
            .Where(folder => TemplateType(folder) is "solution" or "project")
            .Select(folder => Path.GetFileName(folder)!)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Choice options that change no compiled code, so building and running a row for each of their values would test
    /// nothing new: `deploy` only adds or leaves out deploy/k8s, a README section and a decision record. Every row
    /// keeps their default, and a test of their own covers the other values (<see cref="KubernetesManifestTests"/>).
    /// </summary>
    public static readonly string[] OptionsOutsideTheBuild = ["deploy"];

    public static IReadOnlyList<(string Option, string[] Values)> Factors(string template)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.TemplateContent(template), ".template.config", "template.json")));
        return config.RootElement.GetProperty("symbols").EnumerateObject()
            .Where(symbol => symbol.Value.TryGetProperty("type", out var type) && type.GetString() == "parameter"
                && symbol.Value.TryGetProperty("datatype", out var datatype) && datatype.GetString() == "choice"
                && !OptionsOutsideTheBuild.Contains(symbol.Name, StringComparer.Ordinal))
            .Select(symbol => (symbol.Name, symbol.Value.GetProperty("choices").EnumerateArray().Select(choice => choice.GetProperty("choice").GetString()!).ToArray()))
            .ToList();
    }

    public static IReadOnlyList<MatrixRow> Rows()
    {
        var rows = new List<MatrixRow>();
        foreach (var (template, templateIndex) in Templates().Select((template, index) => (template, index)))
        {
            var cliNames = CliNames(template);
            foreach (var (choices, rowIndex) in Pairwise.Rows(Factors(template)).Select((choices, index) => (choices, index)))
            {
                // Shifted per template, so that a name meets different option values in each template.
                var name = AdversarialNames[(rowIndex + (templateIndex * 4)) % AdversarialNames.Length];
                var options = choices.SelectMany(choice => new[] { "--" + cliNames.GetValueOrDefault(choice.Key, choice.Key), choice.Value }).ToList();
                rows.Add(new MatrixRow($"{template}-{rows.Count:D2}", template, name, choices, options));
            }
        }

        return rows;
    }

    /// <summary>The matrix run of this test run, shared by every test that uses its rows (it runs once).</summary>
    public static Task<MatrixRun> RunOnceAsync(TemplatePackFixture pack) => pack.OnceAsync("option-matrix", () => RunAsync(pack));

    /// <summary>The long names of the template's parameters, from its dotnetcli.host.json.</summary>
    private static Dictionary<string, string> CliNames(string template)
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.TemplateContent(template), ".template.config", "dotnetcli.host.json")));
        return host.RootElement.GetProperty("symbolInfo").EnumerateObject()
            .Where(symbol => symbol.Value.TryGetProperty("longName", out _))
            .ToDictionary(symbol => symbol.Name, symbol => symbol.Value.GetProperty("longName").GetString()!, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every row generated (not built), once per test run: for tests that read the output only, which then need not
    /// wait for the matrix build.
    /// </summary>
    public static Task<MatrixGeneration> GenerateOnceAsync(TemplatePackFixture pack) => pack.OnceAsync("option-matrix-generated", () => GenerateAsync(pack));

    private static async Task<MatrixGeneration> GenerateAsync(TemplatePackFixture pack)
    {
        var root = Directory.CreateDirectory(Path.Combine(pack.WorkRoot, "matrix")).FullName;
        var rows = Rows();
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var folder = Path.Combine(root, row.Id, row.Name);
            (await pack.DotNetNewAsync([row.Template, "--name", row.Name, "--output", folder, "--no-update-check", "--no-restore", .. row.Options], pack.WorkRoot))
                .EnsureSuccess($"dotnet new {row}");
            folders[row.Id] = folder;
        }

        return new MatrixGeneration(root, rows, folders);
    }

    /// <summary>Generates every row, builds them all at once, and runs their tests per engine.</summary>
    private static async Task<MatrixRun> RunAsync(TemplatePackFixture pack)
    {
        var (root, rows, folders) = await GenerateOnceAsync(pack);

        // A failed post action is reported by its row's test; the build then fails on that row's new files.
        var consumers = new Dictionary<string, ProcessResult>(StringComparer.Ordinal);
        foreach (var id in ConsumerRowIds(rows))
        {
            consumers[id] = await AddConsumerAsync(pack, folders[id]);
        }

        WriteSolution(Path.Combine(root, "Matrix.slnx"), root, rows.Select(row => folders[row.Id]));
        var build = await ProcessRunner.RunAsync(
            "dotnet", ["build", "Matrix.slnx", "--configuration", "Release", "-warnaserror", "-nodeReuse:false", "-nologo", "-clp:NoSummary"], root, TimeSpan.FromMinutes(20));

        var results = new Dictionary<string, RowTestResults>(StringComparer.Ordinal);
        var testRuns = new List<ProcessResult>();
        if (build.ExitCode == 0)
        {
            // The engines' test runs at the same time: each is mostly waiting on its server, the broker or a test host.
            var groups = await Task.WhenAll(rows.GroupBy(row => row.Engine).Select(group => TestGroupAsync(root, group.Key, group.ToList(), folders)));
            foreach (var (run, counts) in groups)
            {
                testRuns.Add(run);
                foreach (var (id, count) in counts)
                {
                    results[id] = results.TryGetValue(id, out var earlier) ? earlier + count : count;
                }
            }
        }

        return new MatrixRun(rows, folders, consumers, build, testRuns, results);
    }

    /// <summary>
    /// The rows that also get `dotnet new backend-consumer`: the first backend-portfolio row with messaging on each
    /// server engine, so that the item template's post action (a migration for that engine) and generated tests run on
    /// PostgreSQL and MariaDB too (<see cref="ItemTemplateTests"/> runs them on SQLite). Each engine has failed on its
    /// own before: MySQL-family collations ignore case where SQLite's and PostgreSQL's defaults do not, and a
    /// consumer's keys once failed there. One row per engine only: each post action adds about a minute on 2 cores.
    /// </summary>
    public static IReadOnlySet<string> ConsumerRowIds(IEnumerable<MatrixRow> rows) => rows
        .Where(row => row.Template == "backend-portfolio" && row.Engine is "mysql" or "postgres" && row.Choices.GetValueOrDefault("messaging", "none") != "none")
        .GroupBy(row => row.Engine)
        .Select(engine => engine.First().Id)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs the consumer item template in a row's root folder, with its post action, as a user would.</summary>
    private static async Task<ProcessResult> AddConsumerAsync(TemplatePackFixture pack, string folder)
    {
        var environment = new Dictionary<string, string>
        {
            // The post action's dotnet ef builds Release, which the matrix build then reuses. That hides no warning
            // only because the generated Directory.Build.props sets TreatWarningsAsErrors: the ef build fails on one.
            ["Configuration"] = "Release",
            // dotnet ef starts the API's host, which refuses to start without a connection string for a server
            // engine; adding a migration does not connect, and Npgsql and MySqlConnector both read this one.
            ["ConnectionStrings__Database"] = "Server=localhost;Database=design_time_only",
        };
        return await ProcessRunner.RunAsync(
            "dotnet",
            ["new", "backend-consumer", "--name", ConsumerItem.Name, "--allow-scripts", "yes", "--no-update-check", "--debug:custom-hive", pack.Hive],
            folder,
            TimeSpan.FromMinutes(5),
            environment);
    }

    /// <summary>Runs the tests of one engine's rows, with that engine's server and the broker, and counts them per row.</summary>
    private static async Task<(ProcessResult Run, List<(string Id, RowTestResults Counts)> Counts)> TestGroupAsync(
        string root, string engine, List<MatrixRow> group, IReadOnlyDictionary<string, string> folders)
    {
        var solution = $"Matrix.{engine}.slnx";
        WriteSolution(Path.Combine(root, solution), root, group.Select(row => folders[row.Id]), testsOnly: true);
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

        var run = await ProcessRunner.RunAsync(
            "dotnet",
            ["test", solution, "--no-build", "--configuration", "Release", "--logger", "trx", "--results-directory", trx, "-nologo"],
            root,
            TimeSpan.FromMinutes(15),
            environment);
        var counts = new List<(string Id, RowTestResults Counts)>();
        foreach (var (assembly, count) in TrxCounts(trx))
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
    /// A solution of every row's projects, each row in a solution folder of its own (every row has projects named Api,
    /// Domain, ...). Paths are relative and XML-escaped: names hold spaces, '&amp;' and non-ASCII letters.
    /// </summary>
    private static void WriteSolution(string path, string root, IEnumerable<string> folders, bool testsOnly = false)
    {
        var solution = new XElement("Solution");
        foreach (var folder in folders)
        {
            var rowFolder = new XElement("Folder", new XAttribute("Name", $"/{Path.GetFileName(Path.GetDirectoryName(folder))}/"));
            foreach (var project in Directory.GetFiles(folder, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!testsOnly || project.Contains(Path.DirectorySeparatorChar + "tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    rowFolder.Add(new XElement("Project", new XAttribute("Path", Path.GetRelativePath(root, project).Replace('\\', '/'))));
                }
            }

            solution.Add(rowFolder);
        }

        new XDocument(solution).Save(path);
    }

    /// <summary>
    /// Passed, failed and skipped tests per test assembly path, from the TRX files `dotnet test` wrote, with the name
    /// and message of each failed test: the row's failure message is then enough to start on a CI failure.
    /// </summary>
    private static IEnumerable<(string Assembly, RowTestResults Counts)> TrxCounts(string folder)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.trx") : [])
        {
            var document = XDocument.Load(file);
            var storageByTest = document.Descendants(ns + "UnitTest")
                .ToDictionary(test => (string)test.Attribute("id")!, test => (string)test.Attribute("storage")!);
            foreach (var assembly in document.Descendants(ns + "UnitTestResult")
                .GroupBy(result => storageByTest[(string)result.Attribute("testId")!], StringComparer.OrdinalIgnoreCase))
            {
                var passed = assembly.Where(result => (string?)result.Attribute("outcome") == "Passed").ToList();
                var failed = assembly.Where(result => (string?)result.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted").ToList();
                yield return (Path.GetFullPath(assembly.Key), new RowTestResults(
                    passed.Count,
                    failed.Count,
                    assembly.Count(result => (string?)result.Attribute("outcome") == "NotExecuted"),
                    [.. failed.Select(result => FailureOf(result, ns))],
                    [.. passed.Select(result => (string)result.Attribute("testName")!)]));
            }
        }
    }

    private static string FailureOf(XElement result, XNamespace ns)
    {
        const int MaxMessage = 2000;
        var message = (string?)result.Descendants(ns + "ErrorInfo").Elements(ns + "Message").FirstOrDefault() ?? "(no message)";
        return $"{(string?)result.Attribute("testName")}: {(message.Length > MaxMessage ? message[..MaxMessage] + " ..." : message)}";
    }

    private static string? TemplateType(string folder)
    {
        var config = Path.Combine(folder, ".template.config", "template.json");
        if (!File.Exists(config))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.TryGetProperty("tags", out var tags) && tags.TryGetProperty("type", out var type) ? type.GetString() : null;
    }
}

/// <summary>
/// What a row's tests did; <paramref name="Failures"/> names each failed test with its message, and
/// <paramref name="PassedTests"/> are the full names of the tests that passed.
/// </summary>
public sealed record RowTestResults(int Passed, int Failed, int Skipped, IReadOnlyList<string> Failures, IReadOnlyList<string> PassedTests)
{
    public static RowTestResults operator +(RowTestResults left, RowTestResults right) => new(
        left.Passed + right.Passed,
        left.Failed + right.Failed,
        left.Skipped + right.Skipped,
        [.. left.Failures, .. right.Failures],
        [.. left.PassedTests, .. right.PassedTests]);

    /// <summary>The counts and the first failures: a row where everything fails still gives a readable message.</summary>
    public override string ToString()
    {
        const int Shown = 10;
        var failures = string.Concat(Failures.Take(Shown).Select(failure => Environment.NewLine + "  " + failure));
        return $"{Passed} passed, {Failed} failed, {Skipped} skipped{failures}" + (Failures.Count > Shown ? $"{Environment.NewLine}  ... and {Failures.Count - Shown} more" : string.Empty);
    }
}

/// <summary>The generated rows: the matrix folder, the rows, and each row's solution folder by row id.</summary>
public sealed record MatrixGeneration(string Root, IReadOnlyList<MatrixRow> Rows, IReadOnlyDictionary<string, string> Folders);

public sealed record MatrixRun(
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyDictionary<string, string> Folders,
    IReadOnlyDictionary<string, ProcessResult> Consumers,
    ProcessResult Build,
    IReadOnlyList<ProcessResult> TestRuns,
    IReadOnlyDictionary<string, RowTestResults> Results)
{
    /// <summary>
    /// The folder of the first built row that <paramref name="wanted"/> accepts, for a test that needs a built solution
    /// of that kind; <paramref name="description"/> says which in the message when the matrix has none.
    /// </summary>
    public string BuiltFolder(Func<MatrixRow, bool> wanted, string description)
    {
        var row = Rows.FirstOrDefault(wanted)
            ?? throw new InvalidOperationException($"The option matrix has no {description} row; pick another row in this test.");
        Build.EnsureSuccess("The option matrix build (see OptionMatrixTests)");
        return Folders[row.Id];
    }
}
