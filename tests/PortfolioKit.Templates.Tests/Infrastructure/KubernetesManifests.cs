using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Every option-matrix row's deploy/k8s rendered with `kubectl kustomize`, as a user applies it, and validated in one
/// node process against the JSON schemas of a current Kubernetes release (kubernetes-models, eng/npm). The rows are
/// only generated for this, never built. A row's manifests are copied first, so that writing the development
/// secrets (new-secrets.sh, as the README says) leaves the row's own folder as generated.
/// </summary>
public static class KubernetesManifests
{
    public static readonly string[] Overlays = ["dev", "prod"];

    /// <summary>Why the manifests cannot be checked here, or null. On CI a missing tool is a failure, not a skip.</summary>
    public static string? SkipReason => CommandLineTool.SkipReason("kubectl", "node", "npm");

    public static Task<IReadOnlyDictionary<string, RenderedRow>> RenderMatrixOnceAsync(TemplatePackFixture pack) =>
        pack.OnceAsync("kubernetes-manifests", () => RenderMatrixAsync(pack));

    private static async Task<IReadOnlyDictionary<string, RenderedRow>> RenderMatrixAsync(TemplatePackFixture pack)
    {
        var generation = await OptionMatrix.GenerateOnceAsync(pack);
        var npm = NpmTools.EnsureInstalledAsync();
        var work = Directory.CreateDirectory(Path.Combine(pack.WorkRoot, "kubernetes")).FullName;
        using var slots = new SemaphoreSlim(4);
        var rendered = await Task.WhenAll(generation.Rows.Select(async row =>
        {
            await slots.WaitAsync();
            try
            {
                return await RenderAsync(row, generation.Folders[row.Id], Path.Combine(work, row.Id));
            }
            finally
            {
                slots.Release();
            }
        }));

        var files = rendered.SelectMany(row => row.Overlays.Values).Where(overlay => overlay.File is not null).Select(overlay => overlay.File!).ToList();
        var validation = await ValidateAsync(await npm, files);
        return rendered.ToDictionary(
            row => row.Row.Id,
            row => row with
            {
                Overlays = row.Overlays.ToDictionary(
                    pair => pair.Key,
                    pair => pair.Value.File is { } file ? pair.Value with { Objects = validation[file].Objects, SchemaErrors = validation[file].Errors } : pair.Value),
            },
            StringComparer.Ordinal);
    }

    private static async Task<RenderedRow> RenderAsync(MatrixRow row, string folder, string work)
    {
        var deploy = Path.Combine(work, "deploy", "k8s");
        CopyFolder(Path.Combine(folder, "deploy", "k8s"), deploy);
        var secrets = Path.Combine(deploy, "overlays", "dev", "new-secrets.sh");
        if (File.Exists(secrets))
        {
            (await ProcessRunner.RunAsync("bash", [secrets], work, TimeSpan.FromMinutes(1))).EnsureSuccess($"new-secrets.sh of {row.Id}");
        }

        var overlays = new Dictionary<string, RenderedOverlay>(StringComparer.Ordinal);
        foreach (var overlay in Overlays)
        {
            var overlayFolder = Path.Combine(deploy, "overlays", overlay);
            if (!File.Exists(Path.Combine(overlayFolder, "kustomization.yaml")))
            {
                overlays[overlay] = new RenderedOverlay(overlay, null, null, [], []);
                continue;
            }

            var result = await ProcessRunner.RunAsync("kubectl", ["kustomize", overlayFolder], work, TimeSpan.FromMinutes(1));
            string? file = null;
            if (result.ExitCode == 0)
            {
                file = Path.Combine(work, overlay + ".yaml");
                await File.WriteAllTextAsync(file, result.Output);
            }

            overlays[overlay] = new RenderedOverlay(overlay, file, result.ExitCode == 0 ? null : result.Output, [], []);
        }

        return new RenderedRow(row, folder, deploy, overlays);
    }

    private static async Task<Dictionary<string, (IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> Errors)>> ValidateAsync(string npmFolder, IReadOnlyList<string> files)
    {
        var output = Path.Combine(Path.GetTempPath(), $"pk-k8s-validation-{Guid.NewGuid():N}.json");
        try
        {
            // The validator prints one JSON document; through a file, because the runner mixes stdout and stderr.
            (await ProcessRunner.RunAsync(
                    "sh",
                    ["-c", "node validate-kubernetes.mjs \"$@\" > \"$0\"", output, .. files],
                    npmFolder,
                    TimeSpan.FromMinutes(5)))
                .EnsureSuccess("node validate-kubernetes.mjs");
            var document = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
            return files.ToDictionary(
                file => file,
                file => (
                    (IReadOnlyList<JsonObject>)document[file]!["objects"]!.AsArray().Select(node => node!.AsObject()).ToList(),
                    (IReadOnlyList<string>)document[file]!["errors"]!.AsArray()
                        .Select(error => $"{error!["object"]}: {error["field"]}: {error["message"]}")
                        .ToList()),
                StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
