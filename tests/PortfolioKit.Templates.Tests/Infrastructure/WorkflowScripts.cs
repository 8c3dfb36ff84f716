using YamlDotNet.RepresentationModel;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A step's <c>run:</c> block, with the shell GitHub Actions runs it in.</summary>
/// <param name="Location">Workflow file, job and step, for messages.</param>
/// <param name="Line">1-based line of the <c>run:</c> value in the workflow file.</param>
public sealed record WorkflowScript(string Location, int Line, string Shell, string Script)
{
    /// <summary>
    /// The script as the runner hands it to the shell: GitHub starts bash with <c>-eo pipefail</c> and sh with
    /// <c>-e</c>, and replaces each <c>${{ ... }}</c> before the shell sees it. The expressions become underscores of
    /// the same length (not spaces, which can change the syntax: <c>if ${{ x }}; then</c>), so shellcheck's columns
    /// still point into the original.
    /// </summary>
    public string AsShellSees()
    {
        var text = Script;
        for (var start = text.IndexOf("${{", StringComparison.Ordinal); start >= 0; start = text.IndexOf("${{", start, StringComparison.Ordinal))
        {
            var end = text.IndexOf("}}", start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            text = string.Concat(text.AsSpan(0, start), new string('_', end + 2 - start), text.AsSpan(end + 2));
        }

        return $"#!/usr/bin/env {Shell}\nset -e{(Shell == "bash" ? "o pipefail" : string.Empty)}\n{text}\n";
    }
}

/// <summary>The bash and sh <c>run:</c> blocks of GitHub Actions workflow files.</summary>
public static class WorkflowScripts
{
    public static IReadOnlyList<WorkflowScript> Read(string workflowFile, string displayName)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(workflowFile))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var workflowShell = DefaultShell(root);
        var scripts = new List<WorkflowScript>();
        foreach (var (jobName, jobNode) in Children(root, "jobs"))
        {
            var job = (YamlMappingNode)jobNode;
            var jobShell = DefaultShell(job) ?? workflowShell ?? (RunsOnWindows(job) ? "pwsh" : "bash");
            var index = 0;
            foreach (var stepNode in Child(job, "steps") is YamlSequenceNode steps ? steps.Children : [])
            {
                index++;
                var step = (YamlMappingNode)stepNode;
                if (Child(step, "run") is not YamlScalarNode run)
                {
                    continue;
                }

                var shell = Scalar(step, "shell") ?? jobShell;
                var name = Scalar(step, "name") ?? $"step {index}";
                if (shell is "bash" or "sh")
                {
                    scripts.Add(new WorkflowScript($"{displayName}, job '{jobName}', '{name}'", (int)run.Start.Line, shell, run.Value ?? string.Empty));
                }
            }
        }

        return scripts;
    }

    private static string? DefaultShell(YamlMappingNode node) =>
        Child(node, "defaults") is YamlMappingNode defaults && Child(defaults, "run") is YamlMappingNode run ? Scalar(run, "shell") : null;

    private static bool RunsOnWindows(YamlMappingNode job) =>
        (Child(job, "runs-on") switch
        {
            YamlScalarNode label => [label.Value ?? string.Empty],
            YamlSequenceNode labels => labels.Children.OfType<YamlScalarNode>().Select(label => label.Value ?? string.Empty),
            _ => [],
        }).Any(label => label.StartsWith("windows", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<(string Name, YamlNode Node)> Children(YamlMappingNode node, string key) =>
        Child(node, key) is YamlMappingNode mapping
            ? mapping.Children.Select(pair => (((YamlScalarNode)pair.Key).Value ?? string.Empty, pair.Value))
            : [];

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
