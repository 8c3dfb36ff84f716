using System.Security.Cryptography;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// The third-party checkers from npm that the tests run on generated output, all in one manifest
/// (eng/npm/package.json and its committed package-lock.json). `npm ci` installs them once per test run, and not at
/// all when node_modules was installed from the same lock file (a stamp of its hash).
/// </summary>
public static class NpmTools
{
    private static readonly Lazy<Task<string>> Installation = new(InstallAsync);

    /// <summary>The folder of package.json; its scripts resolve their imports from node_modules beside it.</summary>
    public static string Folder => Path.Combine(Repository.Root, "eng", "npm");

    /// <summary>Why node or npm cannot run here, or null (Debian: `apt-get install nodejs npm`).</summary>
    public static string? MissingReason =>
        Tools.Missing("node", "npm") is { } missing ? $"{missing} not installed (apt-get install nodejs npm)." : null;

    /// <summary>Installs the tools if node_modules does not match the lock file yet; returns the folder.</summary>
    public static Task<string> EnsureInstalledAsync() => Installation.Value;

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

/// <summary>Commands the tests need from the machine.</summary>
public static class Tools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first of <paramref name="commands"/> not on PATH, or null.</summary>
    public static string? Missing(params string[] commands) =>
        commands.FirstOrDefault(command => !(Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, command))));
}
