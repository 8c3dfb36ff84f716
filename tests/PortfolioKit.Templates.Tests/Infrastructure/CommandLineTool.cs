namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A program a test runs from PATH (node, npm, shellcheck, git, kubectl). Off CI a missing one skips the test with the command
/// that installs it; on CI (CI=true) the test runs and fails, because .ci/run installs them all.
/// </summary>
public static class CommandLineTool
{
    private static readonly Dictionary<string, string> Installs = new(StringComparer.Ordinal)
    {
        ["node"] = "install Node.js 20 or later with npm (Debian: `apt-get install -y nodejs npm`)",
        ["npm"] = "install Node.js 20 or later with npm (Debian: `apt-get install -y nodejs npm`)",
        ["shellcheck"] = "install ShellCheck (Debian: `apt-get install -y shellcheck`)",
        ["git"] = "install git (Debian: `apt-get install -y git`)",
        ["kubectl"] = "install kubectl, which renders the Kustomize overlays (Debian: `apt-get install -y kubectl`)",
    };

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, name)));

    /// <summary>Why a test that needs <paramref name="names"/> cannot run here, or null.</summary>
    public static string? SkipReason(params string[] names)
    {
        var missing = names.Where(name => !IsOnPath(name)).ToList();
        if (missing.Count == 0 || IsCi)
        {
            return null;
        }

        return $"{string.Join(" and ", missing)} not found on PATH: "
            + string.Join("; ", missing.Select(name => Installs.GetValueOrDefault(name, $"install {name}")).Distinct(StringComparer.Ordinal))
            + " (.ci/run installs it on CI).";
    }
}
