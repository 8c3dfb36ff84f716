using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A generated app checked against the OpenAPI document it serves, by eng/npm/contract-check.mjs: Redocly CLI
/// (`recommended`) and Spectral (`spectral:oas`) with 0 errors and 0 warnings, and a seeded schema-driven fuzz pass
/// (<see cref="PerOperation"/> schema-valid and as many schema-invalid requests per operation, plus the token cases of
/// a bearer-secured document). A row is linted when its endpoints or its info block (licence) are new, and fuzzed when
/// its endpoints are: the checks cost seconds per distinct document, not per row.
/// </summary>
public static partial class ContractCheck
{
    public const int PerOperation = 100;

    private static readonly ConcurrentDictionary<string, string> LintedBy = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, string> FuzzedBy = new(StringComparer.Ordinal);

    /// <summary>The fuzzer's seed: fixed, so a failure repeats; PK_CONTRACT_SEED picks another.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("PK_CONTRACT_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 21;

    /// <summary>
    /// Lints and fuzzes the running app's document unless an earlier row's was the same; returns what was done, for
    /// the test output. Throws with every problem (and, for the fuzzer, the seed and a curl line per failure).
    /// </summary>
    public static async Task<string> RunAsync(RunningApp app, JsonObject document, string rowId, BearerSettings? bearer)
    {
        if (CommandLineTool.SkipReason("node", "npm") is { } reason)
        {
            return "Contract check skipped: " + reason;
        }

        // The linters read the endpoints and the info block (which changes with --license); the fuzzer, the endpoints.
        var endpoints = Hash(new JsonObject { ["paths"] = document["paths"]!.DeepClone(), ["components"] = document["components"]?.DeepClone() });
        var lint = LintedBy.TryAdd(endpoints, rowId) | LintedBy.TryAdd("info " + Hash(WithoutNameAndAddress(document)["info"]!), rowId);
        var fuzz = FuzzedBy.TryAdd(endpoints, rowId);
        if (!lint && !fuzz)
        {
            return "Contract check: the same document as an earlier row, linted and fuzzed there.";
        }

        var work = Directory.CreateTempSubdirectory("pk-contract-").FullName;
        try
        {
            var config = new JsonObject
            {
                ["baseUrl"] = app.BaseAddress.ToString(),
                ["documentFile"] = Path.Combine(work, "openapi.json"),
                ["report"] = Path.Combine(work, "report.json"),
                ["seed"] = Seed,
                ["perOperation"] = PerOperation,
                ["lint"] = lint,
                ["fuzz"] = fuzz,
                ["auth"] = bearer is null ? null : new JsonObject { ["issuer"] = bearer.Issuer, ["audience"] = bearer.Audience, ["key"] = bearer.Key, ["scope"] = "api:write" },
            };
            var configFile = Path.Combine(work, "config.json");
            await File.WriteAllTextAsync(configFile, config.ToJsonString());
            var run = await NpmTools.RunScriptAsync("contract-check.mjs", configFile, TimeSpan.FromMinutes(10));
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(work, "report.json")))!;
            var problems = LintProblems(report["lint"]).Concat(FuzzProblems(report["fuzz"])).ToList();
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            return Summary(report, lint, fuzz, run.Elapsed);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The README's API table, the document and so the server (which the document is generated from, and which the
    /// fuzz pass has just exercised operation by operation) agree: the same operations, and per operation the
    /// README's statuses plus those the README says every operation may add are exactly the documented ones.
    /// </summary>
    public static void AssertReadmeAgrees(string folder, JsonObject document, bool rateLimited, bool bearer)
    {
        var readme = ReadmeOperations(File.ReadAllText(Path.Combine(folder, "README.md")));
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Key: $"{operation.Key.ToUpperInvariant()} {path.Key}", Operation: operation.Value!)))
            .ToDictionary(entry => entry.Key, entry => entry.Operation, StringComparer.Ordinal);
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), readme.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, statuses) in readme)
        {
            var operation = documented[key];
            var expected = statuses.ToHashSet(StringComparer.Ordinal);
            if (rateLimited)
            {
                expected.Add("429");
            }

            if (operation["requestBody"] is not null)
            {
                expected.Add("415");
            }

            if (bearer && !key.StartsWith("GET ", StringComparison.Ordinal))
            {
                expected.UnionWith(["401", "403"]);
            }

            var actual = operation["responses"]!.AsObject().Select(response => response.Key);
            Assert.True(expected.SetEquals(actual), $"{key}: the README (with the statuses it says every operation may add) lists {string.Join(", ", expected.Order(StringComparer.Ordinal))}; the document {string.Join(", ", actual)}.");
        }
    }

    /// <summary>The README table's rows under /api: "METHOD /path" and the statuses in the last column.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ReadmeOperations(string readme) =>
        ReadmeRow().Matches(readme)
            .ToDictionary(
                match => $"{match.Groups["method"].Value} {match.Groups["path"].Value}",
                match => (IReadOnlyList<string>)Regex.Matches(match.Groups["statuses"].Value, @"\b\d{3}\b").Select(status => status.Value).ToList(),
                StringComparer.Ordinal);

    [GeneratedRegex(@"^\| (?<method>GET|POST|PUT|PATCH|DELETE) \| `(?<path>/api[^`?]*)[^`]*` \|[^\n]*\| (?<statuses>[^|\n]*) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    private static JsonObject WithoutNameAndAddress(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("servers");
        if (copy["info"] is JsonObject info)
        {
            info.Remove("title");
            info.Remove("contact");
        }

        return copy;
    }

    private static string Hash(JsonNode node) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())));

    private static IEnumerable<string> LintProblems(JsonNode? lint)
    {
        foreach (var linter in new[] { "redocly", "spectral" })
        {
            if (lint?[linter] is { } result && (result["errors"]!.GetValue<int>() > 0 || result["warnings"]!.GetValue<int>() > 0))
            {
                yield return $"{linter}: {result["errors"]} errors, {result["warnings"]} warnings (eng/npm/{(linter == "redocly" ? "redocly.yaml" : ".spectral.yaml")}):";
                foreach (var problem in result["problems"]!.AsArray())
                {
                    yield return "  " + problem;
                }
            }
        }
    }

    private static IEnumerable<string> FuzzProblems(JsonNode? fuzz)
    {
        if (fuzz is null)
        {
            yield break;
        }

        var failures = fuzz["failures"]!.AsArray();
        if (failures.Count > 0)
        {
            yield return $"The fuzz pass failed (seed {fuzz["seed"]}; PK_CONTRACT_SEED={fuzz["seed"]} repeats it against a fresh database):";
            foreach (var failure in failures)
            {
                yield return $"  {failure!["operation"]}: {failure["message"]}{Environment.NewLine}    {failure["curl"]}{Environment.NewLine}    -> {failure["status"]} {failure["body"]}";
            }
        }

        foreach (var operation in fuzz["operations"]!.AsArray())
        {
            var invalidNeeded = operation!["breakable"]!.GetValue<bool>() ? PerOperation : 0;
            if (operation["valid"]!.GetValue<int>() < PerOperation || operation["invalid"]!.GetValue<int>() < invalidNeeded)
            {
                yield return $"  {operation["operation"]}: only {operation["valid"]} valid and {operation["invalid"]} invalid requests were generated.";
            }

            if (operation["statuses"]!.AsObject().ContainsKey("405"))
            {
                yield return $"  {operation["operation"]}: the server has no such method on that route (405).";
            }
        }
    }

    private static string Summary(JsonNode report, bool lint, bool fuzz, TimeSpan elapsed)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Contract check in {elapsed.TotalSeconds:F1} s:"));
        if (lint)
        {
            text.Append(" Redocly and Spectral found nothing;");
        }

        if (fuzz)
        {
            var operations = report["fuzz"]!["operations"]!.AsArray();
            text.Append(CultureInfo.InvariantCulture, $" seed {report["fuzz"]!["seed"]}, {operations.Sum(operation => operation!["valid"]!.GetValue<int>())} valid, ")
                .Append(CultureInfo.InvariantCulture, $"{operations.Sum(operation => operation!["invalid"]!.GetValue<int>())} invalid and {operations.Sum(operation => operation!["auth"]!.GetValue<int>())} token-case requests over {operations.Count} operations, all as documented:");
            foreach (var operation in operations)
            {
                var statuses = string.Join(' ', operation!["statuses"]!.AsObject().Select(status => $"{status.Key}x{status.Value}"));
                text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {operation["operation"]}: {statuses}");
            }
        }
        else
        {
            text.Append(" endpoints as an earlier row's, fuzzed there.");
        }

        return text.ToString();
    }
}
