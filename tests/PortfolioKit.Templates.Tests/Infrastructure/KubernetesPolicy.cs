using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// What a reviewer checks in rendered manifests, against facts read from the generated app itself: the port its
/// image listens on (Dockerfile), the health endpoints it maps, the connection strings it reads, its shutdown
/// timeout, and the image name its release workflow publishes. Each finding names the object and what is wrong.
/// </summary>
public static partial class KubernetesPolicy
{
    /// <summary>The facts of one generated solution the manifests must agree with.</summary>
    public sealed record AppFacts(int ImagePort, IReadOnlySet<string> HealthPaths, IReadOnlySet<string> ConnectionStrings, TimeSpan ShutdownTimeout, string ImageRepository)
    {
        public static AppFacts Read(string folder)
        {
            var dockerfile = File.ReadAllText(Path.Combine(folder, "Dockerfile"));
            var port = int.Parse(HttpPortsPattern().Match(dockerfile).Groups[1].Value, CultureInfo.InvariantCulture);
            var sources = Directory.EnumerateFiles(Path.Combine(folder, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(path => !path.Contains("/bin/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal))
                .Select(File.ReadAllText)
                .ToList();
            var health = sources.SelectMany(source => HealthMappingPattern().Matches(source)).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var connectionStrings = sources.SelectMany(source => ConnectionStringPattern().Matches(source))
                .Select(match => match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value)
                .ToHashSet(StringComparer.Ordinal);
            var settings = Directory.EnumerateFiles(Path.Combine(folder, "src"), "appsettings.json", SearchOption.AllDirectories).Select(File.ReadAllText);
            var timeouts = settings.Select(text => ShutdownTimeoutPattern().Match(text)).Where(match => match.Success)
                .Select(match => TimeSpan.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            // The release workflow pushes ghcr.io/<owner>/<repository>; docs/publishing.md names the repository.
            var repository = RepositoryPattern().Match(File.ReadAllText(Path.Combine(folder, "docs", "publishing.md"))).Groups[1].Value;
            return new AppFacts(port, health, connectionStrings, timeouts.Count > 0 ? timeouts.Max() : TimeSpan.FromSeconds(30), repository);
        }
    }

    public static IReadOnlyList<string> Check(RenderedOverlay overlay, AppFacts app, bool sqlite)
    {
        var findings = new List<string>();
        var objects = overlay.Objects;
        string Name(JsonObject o) => $"{o["kind"]}/{o["metadata"]?["name"]}";
        var workloads = objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" or "Job").ToList();
        var configMaps = objects.Where(o => (string?)o["kind"] == "ConfigMap").ToDictionary(o => (string)o["metadata"]!["name"]!, StringComparer.Ordinal);
        var secrets = objects.Where(o => (string?)o["kind"] == "Secret").ToDictionary(o => (string)o["metadata"]!["name"]!, StringComparer.Ordinal);
        var expectedImage = overlay.Name == "dev" ? $"{app.ImageRepository}:dev" : $"ghcr.io/OWNER/{app.ImageRepository}:0.1.0";

        foreach (var workload in workloads)
        {
            var name = Name(workload);
            var pod = workload["spec"]!["template"]!["spec"]!.AsObject();
            var podSecurity = pod["securityContext"];
            if ((bool?)podSecurity?["runAsNonRoot"] != true || (int?)podSecurity?["runAsUser"] is null or 0)
            {
                findings.Add($"{name}: the pod must set runAsNonRoot and a numeric non-root runAsUser (an image's user name cannot be checked).");
            }

            if ((string?)podSecurity?["seccompProfile"]?["type"] != "RuntimeDefault")
            {
                findings.Add($"{name}: seccompProfile must be RuntimeDefault.");
            }

            if ((bool?)pod["automountServiceAccountToken"] != false)
            {
                findings.Add($"{name}: automountServiceAccountToken must be false (the app never calls the Kubernetes API).");
            }

            var volumes = pod["volumes"]?.AsArray().Select(volume => volume!.AsObject()).ToDictionary(volume => (string)volume["name"]!, StringComparer.Ordinal)
                ?? new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            var containers = Containers(pod, "containers").Select(c => (Container: c, Init: false)).Concat(Containers(pod, "initContainers").Select(c => (Container: c, Init: true)));
            foreach (var (container, init) in containers)
            {
                var where = $"{name} container {container["name"]}";
                var image = (string)container["image"]!;
                var isApp = image.StartsWith(app.ImageRepository + ":", StringComparison.Ordinal) || image.StartsWith("ghcr.io/", StringComparison.Ordinal);
                CheckImage(where, image, findings);
                CheckContainerSecurity(where, container, isApp, volumes, findings);
                CheckResources(where, container, findings);
                if (!isApp)
                {
                    if (container["livenessProbe"] is null || container["readinessProbe"] is null)
                    {
                        findings.Add($"{where}: a server needs liveness and readiness probes.");
                    }

                    continue;
                }

                if (image != expectedImage)
                {
                    findings.Add($"{where}: image '{image}', but the {overlay.Name} overlay should run {expectedImage} (the release workflow's ghcr.io/<owner>/<repository> name).");
                }

                var env = Environment(container, configMaps, findings, where);
                var isMigration = (container["args"]?.AsArray().Select(arg => (string?)arg).ToList() ?? []) is ["migrate"];
                IEnumerable<string> needed = isMigration ? ["Database"] : app.ConnectionStrings;
                foreach (var connection in needed)
                {
                    if (!env.TryGetValue("ConnectionStrings__" + connection, out var source))
                    {
                        findings.Add($"{where}: ConnectionStrings__{connection}, which the app reads, is not set.");
                    }
                    else if (!(sqlite && connection == "Database") && source != "secret")
                    {
                        findings.Add($"{where}: ConnectionStrings__{connection} must come from a Secret (secretKeyRef), not {source}.");
                    }
                }

                if (init || workload["kind"]!.GetValue<string>() == "Job")
                {
                    if (!isMigration)
                    {
                        findings.Add($"{where}: an init container or Job of the app should run the migrate command.");
                    }

                    continue;
                }

                CheckProbes(where, container, app, findings);
                var grace = (int?)pod["terminationGracePeriodSeconds"] ?? 30;
                var preStop = (int?)container["lifecycle"]?["preStop"]?["sleep"]?["seconds"] ?? 0;
                if (grace <= app.ShutdownTimeout.TotalSeconds + preStop)
                {
                    findings.Add($"{where}: terminationGracePeriodSeconds {grace} must exceed the preStop pause ({preStop} s) plus HostOptions:ShutdownTimeout ({app.ShutdownTimeout.TotalSeconds} s).");
                }
            }
        }

        CheckSecrets(overlay, workloads, secrets, findings);
        CheckServices(objects, workloads, app, findings);
        CheckMigration(workloads, sqlite, findings);
        return findings;
    }

    private static IEnumerable<JsonObject> Containers(JsonObject pod, string field) =>
        pod[field]?.AsArray().Select(container => container!.AsObject()) ?? [];

    private static void CheckImage(string where, string image, List<string> findings)
    {
        var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':') is [_, var value] ? value : null;
        if (tag is null or "latest")
        {
            findings.Add($"{where}: image '{image}' must name a version or a digest, never latest (implicit or not).");
        }
    }

    private static void CheckContainerSecurity(string where, JsonObject container, bool isApp, Dictionary<string, JsonObject> volumes, List<string> findings)
    {
        var security = container["securityContext"];
        if ((bool?)security?["allowPrivilegeEscalation"] != false)
        {
            findings.Add($"{where}: allowPrivilegeEscalation must be false.");
        }

        if (security?["capabilities"]?["drop"]?.AsArray().Any(capability => (string?)capability == "ALL") != true)
        {
            findings.Add($"{where}: capabilities must drop ALL.");
        }

        if (isApp)
        {
            if ((bool?)security?["readOnlyRootFilesystem"] != true)
            {
                findings.Add($"{where}: the app's root file system must be read-only.");
            }

            // Where the app writes: an emptyDir for temporary files, a claim for SQLite's data.
            foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
            {
                if (!volumes.TryGetValue((string)mount!["name"]!, out var volume) || (volume["emptyDir"] is null && volume["persistentVolumeClaim"] is null))
                {
                    findings.Add($"{where}: the mount at {mount["mountPath"]} has no emptyDir or claim behind it.");
                }
            }

            if (container["volumeMounts"]?.AsArray().Any(mount => (string?)mount!["mountPath"] == "/tmp") != true)
            {
                findings.Add($"{where}: /tmp (the runtime's diagnostics socket) needs a writable emptyDir.");
            }
        }
    }

    private static void CheckResources(string where, JsonObject container, List<string> findings)
    {
        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (container["resources"]?[kind]?[resource] is null)
                {
                    findings.Add($"{where}: resources.{kind}.{resource} is not set.");
                }
            }
        }
    }

    private static void CheckProbes(string where, JsonObject container, AppFacts app, List<string> findings)
    {
        var ports = container["ports"]?.AsArray().Select(port => port!.AsObject()).ToList() ?? [];
        var listens = (container["env"]?.AsArray().FirstOrDefault(variable => (string?)variable!["name"] == "ASPNETCORE_HTTP_PORTS")?["value"]?.GetValue<string>()) is { } overridden
            ? int.Parse(overridden, CultureInfo.InvariantCulture)
            : app.ImagePort;
        if (!ports.Any(port => (int?)port["containerPort"] == listens))
        {
            findings.Add($"{where}: no containerPort {listens}, the port the app listens on (ASPNETCORE_HTTP_PORTS).");
        }

        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            var http = container[probe]?["httpGet"];
            if (http is null)
            {
                findings.Add($"{where}: no HTTP {probe}.");
                continue;
            }

            var path = (string?)http["path"];
            if (path is null || !app.HealthPaths.Contains(path))
            {
                findings.Add($"{where}: {probe} path '{path}' is not one of the app's health endpoints ({string.Join(", ", app.HealthPaths)}).");
            }

            var port = http["port"]!;
            var number = port.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? (int)port
                : (int?)ports.FirstOrDefault(candidate => (string?)candidate["name"] == (string)port!)?["containerPort"];
            if (number != listens)
            {
                findings.Add($"{where}: {probe} port '{port}' is not the port the app listens on ({listens}).");
            }
        }

        if ((string?)container["readinessProbe"]?["httpGet"]?["path"] != "/health/ready" || (string?)container["livenessProbe"]?["httpGet"]?["path"] != "/health/live")
        {
            findings.Add($"{where}: readiness must probe /health/ready (database and broker) and liveness /health/live (the process only).");
        }
    }

    /// <summary>The container's variables and where each comes from: "secret", "configMap" or "value".</summary>
    private static Dictionary<string, string> Environment(JsonObject container, Dictionary<string, JsonObject> configMaps, List<string> findings, string where)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            if (source!["configMapRef"]?["name"] is { } name)
            {
                if (!configMaps.TryGetValue((string)name!, out var map))
                {
                    findings.Add($"{where}: envFrom names ConfigMap {name}, which the overlay does not have.");
                    continue;
                }

                foreach (var key in map["data"]?.AsObject().Select(pair => pair.Key) ?? [])
                {
                    env[key] = "configMap";
                }
            }
            else
            {
                findings.Add($"{where}: envFrom takes ConfigMaps only; secrets are referenced key by key (secretKeyRef).");
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            env[name] = variable["valueFrom"]?["secretKeyRef"] is not null ? "secret" : variable["valueFrom"]?["configMapKeyRef"] is not null ? "configMap" : "value";
            if (variable["value"] is { } value && SecretLikePattern().IsMatch((string)value!))
            {
                findings.Add($"{where}: {name} carries a secret value in the manifest.");
            }
        }

        return env;
    }

    /// <summary>
    /// Secret values never in a manifest: production refers to a Secret the operator creates (none is rendered);
    /// development generates it from the git-ignored secrets.env. Either way every key referenced is an app
    /// configuration key, and in development the generated Secret has it.
    /// </summary>
    private static void CheckSecrets(RenderedOverlay overlay, IReadOnlyList<JsonObject> workloads, Dictionary<string, JsonObject> secrets, List<string> findings)
    {
        if (overlay.Name == "prod" && secrets.Count > 0)
        {
            findings.Add($"prod: the manifests carry Secret {string.Join(", ", secrets.Keys)}; production secrets are created outside the repository.");
        }

        foreach (var workload in workloads)
        {
            foreach (var reference in workload.ToJsonString().Split("\"secretKeyRef\":").Skip(1).Select(part => JsonNode.Parse(part[..(part.IndexOf('}', StringComparison.Ordinal) + 1)])!))
            {
                var (name, key) = ((string)reference["name"]!, (string)reference["key"]!);
                var isAppKey = key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || key.StartsWith("Authentication__Schemes__Bearer__", StringComparison.Ordinal);
                var isServerKey = workload["kind"]!.GetValue<string>() == "StatefulSet" && key.EndsWith("_PASSWORD", StringComparison.Ordinal);
                if (!isAppKey && !isServerKey)
                {
                    findings.Add($"{workload["kind"]}/{workload["metadata"]!["name"]}: Secret key '{key}' is not a configuration key the app binds (ConnectionStrings__<name>, Authentication__Schemes__Bearer__...).");
                }

                if (overlay.Name == "dev" && !(secrets.TryGetValue(name, out var secret) && secret["data"]?[key] is not null))
                {
                    findings.Add($"{workload["kind"]}/{workload["metadata"]!["name"]}: Secret {name} has no key '{key}' in the dev overlay.");
                }
            }
        }
    }

    /// <summary>Each Service selects an app Deployment and forwards to the port its image listens on.</summary>
    private static void CheckServices(IReadOnlyList<JsonObject> objects, IReadOnlyList<JsonObject> workloads, AppFacts app, List<string> findings)
    {
        foreach (var service in objects.Where(o => (string?)o["kind"] == "Service" && o["spec"]?["clusterIP"]?.GetValue<string>() != "None"))
        {
            var name = $"Service/{service["metadata"]!["name"]}";
            var selector = service["spec"]!["selector"]!.AsObject();
            var target = workloads.FirstOrDefault(workload => workload["kind"]!.GetValue<string>() == "Deployment"
                && selector.All(pair => (string?)workload["spec"]!["template"]!["metadata"]!["labels"]![pair.Key] == (string?)pair.Value));
            if (target is null)
            {
                findings.Add($"{name}: its selector matches no Deployment.");
                continue;
            }

            var container = target["spec"]!["template"]!["spec"]!["containers"]![0]!;
            foreach (var port in service["spec"]!["ports"]!.AsArray())
            {
                var targetPort = port!["targetPort"]!;
                var number = targetPort.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    ? (int)targetPort
                    : (int?)container["ports"]?.AsArray().FirstOrDefault(candidate => (string?)candidate!["name"] == (string)targetPort!)?["containerPort"];
                if (number != app.ImagePort)
                {
                    findings.Add($"{name}: targetPort '{targetPort}' is {number?.ToString(CultureInfo.InvariantCulture) ?? "no port"}, but the image listens on {app.ImagePort} (Dockerfile).");
                }
            }
        }
    }

    /// <summary>Migrations run once: a Job with a server database, the single pod's init container with SQLite.</summary>
    private static void CheckMigration(IReadOnlyList<JsonObject> workloads, bool sqlite, List<string> findings)
    {
        static bool Migrates(JsonNode? container) => container?["args"]?.AsArray().Select(arg => (string?)arg).SequenceEqual(["migrate"]) == true;
        var job = workloads.Any(workload => workload["kind"]!.GetValue<string>() == "Job" && workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Any(Migrates));
        var init = workloads.Any(workload => workload["spec"]!["template"]!["spec"]!["initContainers"]?.AsArray().Any(Migrates) == true);
        if (sqlite ? !init : !job)
        {
            findings.Add(sqlite ? "No init container runs the migrate command before the SQLite pod starts." : "No Job runs the migrate command.");
        }

        foreach (var deployment in workloads.Where(workload => workload["kind"]!.GetValue<string>() == "Deployment"))
        {
            if (deployment.ToJsonString().Contains("\"Database__MigrateOnStartup\":\"true\"", StringComparison.Ordinal))
            {
                findings.Add($"Deployment/{deployment["metadata"]!["name"]}: replicas must not migrate at start-up.");
            }
        }
    }

    [GeneratedRegex(@"ASPNETCORE_HTTP_PORTS=(\d+)")]
    private static partial Regex HttpPortsPattern();

    [GeneratedRegex(@"MapHealthChecks\(""([^""]+)""")]
    private static partial Regex HealthMappingPattern();

    [GeneratedRegex(@"GetConnectionString\(""(\w+)""\)|ConnectionStringName = ""(\w+)""")]
    private static partial Regex ConnectionStringPattern();

    [GeneratedRegex(@"""ShutdownTimeout"":\s*""([0-9:.]+)""")]
    private static partial Regex ShutdownTimeoutPattern();

    [GeneratedRegex(@"gh repo create (\S+)")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"(?i)(password|pwd)=[^;$]|amqp://[^:/]+:[^@$]+@")]
    private static partial Regex SecretLikePattern();
}
