namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// The third-party checkers in eng/npm (package.json with its lock file), installed with `npm ci` once per test run
/// when node_modules does not match the lock file. Test assemblies run in parallel processes, so the install holds
/// a lock file; a second process waits for it and then finds the tools installed.
/// </summary>
public static class NpmTools
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static bool _installed;

    public static string Folder => Path.Combine(Repository.Root, "eng", "npm");

    /// <summary>A tool's command in node_modules/.bin, after installing the manifest if needed.</summary>
    public static async Task<string> BinAsync(string name)
    {
        await EnsureInstalledAsync();
        var bin = Path.Combine(Folder, "node_modules", ".bin", name);
        Assert.True(File.Exists(bin), $"eng/npm installed no '{name}' command; is it in eng/npm/package.json?");
        return bin;
    }

    private static async Task EnsureInstalledAsync()
    {
        await InProcess.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            using (await AcquireInstallLockAsync())
            {
                if (!IsUpToDate())
                {
                    (await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], Folder, InstallTimeout))
                        .EnsureSuccess("npm ci in eng/npm");
                }
            }

            _installed = true;
        }
        finally
        {
            InProcess.Release();
        }
    }

    /// <summary>npm writes node_modules/.package-lock.json on install; it equals the lock file's package list then.</summary>
    private static bool IsUpToDate()
    {
        var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
        var locked = Path.Combine(Folder, "package-lock.json");
        return File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(locked)
            && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(Folder, "package.json"));
    }

    private static async Task<FileStream> AcquireInstallLockAsync()
    {
        var lockFile = Path.Combine(Path.GetTempPath(), "portfoliokit-npm-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Folder)))[..12] + ".lock");
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another test process is installing: wait for it rather than install twice into one folder.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
