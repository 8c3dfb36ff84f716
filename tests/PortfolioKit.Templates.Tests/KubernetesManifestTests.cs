using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// deploy/k8s of every option-matrix row (generated, not built: the manifests need no build), rendered with
/// `kubectl kustomize` as a user applies them, validated against a current Kubernetes release's schemas, and held to
/// the checks a platform engineer makes (<see cref="KubernetesPolicy"/>). Also: `--deploy none`, and the decision
/// records numbered without gaps whatever the options leave out.
/// </summary>
public sealed partial class KubernetesManifestTests(TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<TemplatePackFixture>
{
    public static TheoryData<string> RowIds() => OptionMatrixTests.RowIds();

    [KubernetesToolsTheory]
    [MemberData(nameof(RowIds))]
    public async Task Row_renders_schema_valid_manifests_that_pass_the_policy_checks(string id)
    {
        var rendered = (await KubernetesManifests.RenderMatrixOnceAsync(pack))[id];
        var row = rendered.Row;
        var sqlite = row.Engine == "sqlite";
        output.WriteLine($"dotnet new {row}");
        var app = KubernetesPolicy.AppFacts.Read(rendered.Folder);

        foreach (var overlay in rendered.Overlays.Values)
        {
            if (overlay.Name == "prod" && sqlite)
            {
                // SQLite cannot run as several replicas: no production overlay, and the reason where a user looks.
                Assert.Null(overlay.File);
                Assert.Null(overlay.RenderError);
                var reason = File.ReadAllText(Path.Combine(rendered.DeployFolder, "overlays", "prod", "README.md"));
                Assert.Contains("SQLite", reason, StringComparison.Ordinal);
                Assert.Contains("--database postgres", reason, StringComparison.Ordinal);
                continue;
            }

            Assert.True(overlay.RenderError is null, $"kubectl kustomize overlays/{overlay.Name} failed:{Environment.NewLine}{overlay.RenderError}");
            Assert.True(overlay.SchemaErrors.Count == 0, $"overlays/{overlay.Name} is not valid against the Kubernetes schemas:{Environment.NewLine}{string.Join(Environment.NewLine, overlay.SchemaErrors)}");
            var findings = KubernetesPolicy.Check(overlay, app, sqlite).Concat(ScaleFindings(overlay, row, sqlite)).ToList();
            Assert.True(findings.Count == 0, $"overlays/{overlay.Name}:{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");
            output.WriteLine($"overlays/{overlay.Name}: {overlay.Objects.Count} objects: {string.Join(", ", overlay.Objects.Select(o => $"{o["kind"]}/{o["metadata"]?["name"]}"))}");
        }

        // The committed files hold no secret: the Secret is generated from the git-ignored secrets.env (dev) or
        // created by the operator (prod).
        foreach (var file in Directory.EnumerateFiles(Path.Combine(rendered.Folder, "deploy"), "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.False(Regex.IsMatch(text, @"(?m)^kind:\s*Secret"), $"{file} defines a Secret.");
            Assert.False(Regex.IsMatch(text, @"(?i)password=[^;$""\s]"), $"{file} holds a password.");
        }

        var devSecrets = Path.Combine(rendered.Folder, "deploy", "k8s", "overlays", "dev", "secrets.env");
        Assert.False(File.Exists(devSecrets), "secrets.env is written by the user, never generated.");
        if (File.Exists(Path.Combine(rendered.Folder, "deploy", "k8s", "overlays", "dev", "new-secrets.sh")))
        {
            Assert.Contains("secrets.env", File.ReadAllText(Path.Combine(rendered.Folder, "deploy", "k8s", "overlays", "dev", ".gitignore")), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// `--deploy none` of each template leaves out deploy/, the README section and the decision record, and nothing
    /// else: the rest of the output is the default generation's.
    /// </summary>
    [Fact]
    public async Task Deploy_none_leaves_out_the_manifests_their_readme_section_and_decision_record_only()
    {
        foreach (var template in OptionMatrix.Templates())
        {
            var withManifests = await pack.GenerateAsync(template, "Acme.Deploy");
            var without = await pack.GenerateAsync(template, "Acme.Deploy", "--deploy", "none");
            var left = OutputTree.Files(withManifests).Except(OutputTree.Files(without)).ToList();
            Assert.Contains(left, file => file.StartsWith("deploy/k8s/", StringComparison.Ordinal));
            Assert.All(left, file => Assert.True(file.StartsWith("deploy/", StringComparison.Ordinal) || Regex.IsMatch(file, @"^docs/adr/\d{4}-run-on-kubernetes-with-kustomize\.md$"), $"{template}: --deploy none also drops {file}"));
            Assert.Empty(OutputTree.Files(without).Except(OutputTree.Files(withManifests)));
            Assert.Contains("## Running at scale", File.ReadAllText(Path.Combine(withManifests, "README.md")), StringComparison.Ordinal);
            var readme = File.ReadAllText(Path.Combine(without, "README.md"));
            Assert.DoesNotContain("Running at scale", readme, StringComparison.Ordinal);
            Assert.DoesNotContain("deploy/k8s", readme, StringComparison.Ordinal);
            AssertAdrsNumberedWithoutGaps(without, $"{template} --deploy none");
            CleanOutput.AssertClean(without);
        }
    }

    [Fact]
    public async Task Every_solution_template_describes_the_deploy_option_in_its_help()
    {
        foreach (var template in OptionMatrix.Templates())
        {
            var help = (await pack.DotNetNewAsync([template, "--help"], pack.WorkRoot)).EnsureSuccess($"dotnet new {template} --help").Output;
            Assert.Contains("--deploy <k8s|none>", help, StringComparison.Ordinal);
            // Short pieces: dotnet new wraps the descriptions to the terminal's width.
            Assert.Contains("Whether the repository gets Kubernetes", help, StringComparison.Ordinal);
            Assert.Contains("Kubernetes: deploy/k8s with a base", help, StringComparison.Ordinal);
            Assert.Contains("Default: k8s", help, StringComparison.Ordinal);
        }
    }

    /// <summary>Every row's decision records: 0001 to N without a gap, headings and links that agree with the files.</summary>
    [Fact]
    public async Task Decision_records_are_numbered_without_gaps_on_every_row()
    {
        var generation = await OptionMatrix.GenerateOnceAsync(pack);
        foreach (var row in generation.Rows)
        {
            AssertAdrsNumberedWithoutGaps(generation.Folders[row.Id], $"{row.Id}: dotnet new {row}");
        }
    }

    private static void AssertAdrsNumberedWithoutGaps(string folder, string what)
    {
        var records = Directory.GetFiles(Path.Combine(folder, "docs", "adr"), "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var numbers = records.Select(file => int.Parse(file![..4], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(numbers.SequenceEqual(Enumerable.Range(1, numbers.Count)), $"{what}: the records are {string.Join(", ", records)}");
        foreach (var (file, number) in records.Zip(numbers))
        {
            var heading = File.ReadLines(Path.Combine(folder, "docs", "adr", file!)).First();
            Assert.True(heading.StartsWith($"# {number}. ", StringComparison.Ordinal), $"{what}: {file} starts with '{heading}'.");
        }

        // Every link to a record, and every "ADR n" in the README, points at a record that exists.
        var texts = Directory.GetFiles(folder, "*.md", SearchOption.AllDirectories).Select(path => (Path: path, Text: File.ReadAllText(path)));
        foreach (var (path, text) in texts)
        {
            foreach (Match link in AdrLinkPattern().Matches(text))
            {
                Assert.True(records.Contains(link.Groups[1].Value), $"{what}: {Path.GetRelativePath(folder, path)} links to {link.Value}, which is not generated.");
            }

            foreach (Match reference in AdrReferencePattern().Matches(text))
            {
                var number = int.Parse(reference.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var target = reference.Groups[2].Value;
                Assert.True(target.Length == 0 || target.StartsWith($"{number:D4}-", StringComparison.Ordinal), $"{what}: {Path.GetRelativePath(folder, path)}: '{reference.Value}'.");
            }
        }
    }

    /// <summary>dev: one replica of each process. prod: two or more, autoscaled on CPU, a disruption budget, spread across nodes.</summary>
    private static IEnumerable<string> ScaleFindings(RenderedOverlay overlay, MatrixRow row, bool sqlite)
    {
        var deployments = overlay.Objects.Where(o => (string?)o["kind"] == "Deployment").ToList();
        var expected = row.Template == "backend-worker" ? ["worker"] : row.UsesRabbitMq && !sqlite ? new[] { "api", "worker" } : ["api"];
        var components = deployments.Select(d => (string?)d["spec"]!["template"]!["metadata"]!["labels"]!["app.kubernetes.io/component"]).Order(StringComparer.Ordinal);
        if (!components.SequenceEqual(expected.Order(StringComparer.Ordinal)))
        {
            yield return $"Deployments for {string.Join(", ", components)}; expected one per process: {string.Join(", ", expected)}.";
        }

        foreach (var deployment in deployments)
        {
            var name = (string)deployment["metadata"]!["name"]!;
            var replicas = (int?)deployment["spec"]!["replicas"];
            if (sqlite && (replicas != 1 || (string?)deployment["spec"]!["strategy"]?["type"] != "Recreate"))
            {
                yield return $"Deployment/{name}: on SQLite exactly one replica, replaced with the Recreate strategy.";
            }

            if (overlay.Name == "dev" && replicas is > 1)
            {
                yield return $"Deployment/{name}: dev runs one replica.";
            }

            if (overlay.Name != "prod")
            {
                continue;
            }

            var hpa = overlay.Objects.FirstOrDefault(o => (string?)o["kind"] == "HorizontalPodAutoscaler" && (string?)o["spec"]!["scaleTargetRef"]!["name"] == name);
            if (hpa is null || (int?)hpa["spec"]!["minReplicas"] < 2 || hpa["spec"]!["metrics"]?.AsArray().Any(m => (string?)m!["resource"]?["name"] == "cpu") != true)
            {
                yield return $"Deployment/{name}: prod needs a HorizontalPodAutoscaler on CPU with at least 2 replicas.";
            }

            if (replicas is not null)
            {
                yield return $"Deployment/{name}: with an autoscaler the Deployment must not set replicas (each apply would reset them).";
            }

            var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            if (!overlay.Objects.Any(o => (string?)o["kind"] == "PodDisruptionBudget" && o["spec"]!["selector"]!["matchLabels"]!.AsObject().All(pair => (string?)labels[pair.Key] == (string?)pair.Value)))
            {
                yield return $"Deployment/{name}: no PodDisruptionBudget selects its pods.";
            }

            if (deployment["spec"]!["template"]!["spec"]!["topologySpreadConstraints"]?.AsArray().Any(c => (string?)c!["topologyKey"] == "kubernetes.io/hostname") != true)
            {
                yield return $"Deployment/{name}: its pods are not spread across nodes (topologySpreadConstraints on kubernetes.io/hostname).";
            }
        }

        var servers = overlay.Objects.Where(o => (string?)o["kind"] == "StatefulSet").Select(o => (string)o["metadata"]!["name"]!).Order(StringComparer.Ordinal).ToList();
        var expectedServers = overlay.Name == "prod"
            ? []
            : new[] { row.Engine == "postgres" ? "postgres" : row.Engine == "mysql" ? "mariadb" : null, row.UsesRabbitMq ? "rabbitmq" : null }.OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (!servers.SequenceEqual(expectedServers))
        {
            yield return $"StatefulSets {string.Join(", ", servers)}; the {overlay.Name} overlay should run {(expectedServers.Count == 0 ? "none (external servers through the Secret)" : string.Join(", ", expectedServers))}.";
        }
    }

    [GeneratedRegex(@"\(?(?:docs/adr/)?(\d{4}-[a-z0-9-]+\.md)\)")]
    private static partial Regex AdrLinkPattern();

    [GeneratedRegex(@"\[ADR (\d+)(?::[^\]]*)?\]\((?:docs/adr/)?(\d{4}-[a-z0-9-]+\.md)?")]
    private static partial Regex AdrReferencePattern();
}
