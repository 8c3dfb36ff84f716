using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Runs a command with its output sent to a file rather than a pipe. `dotnet build` leaves compiler and MSBuild
/// server processes behind that inherit pipes, and a reader waiting for the end of a pipe would wait for them too.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Variables every command gets while <see cref="TemplatePackFixture"/> is alive (it sets and removes them).</summary>
    public static ConcurrentDictionary<string, string> SharedEnvironment { get; } = new();

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"pk-run-{Guid.NewGuid():N}.log");
        using var process = Start(fileName, arguments, workingDirectory, logFile, environment);
        var stopwatch = Stopwatch.StartNew();
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}:{Environment.NewLine}{ReadLog(logFile)}");
        }

        var output = ReadLog(logFile);
        File.Delete(logFile);
        return new ProcessResult(process.ExitCode, output, stopwatch.Elapsed);
    }

    /// <summary>Starts a long-running process (a web server) whose output goes to <paramref name="logFile"/>.</summary>
    public static Process Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        string logFile,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // exec replaces the shell, so the process we hold is the command itself and Kill() reaches it.
        var command = new StringBuilder("exec ").Append(Quote(fileName));
        foreach (var argument in arguments)
        {
            command.Append(' ').Append(Quote(argument));
        }

        command.Append(" >").Append(Quote(logFile)).Append(" 2>&1 </dev/null");

        var startInfo = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command.ToString());
        ScrubInheritedBuildEnvironment(startInfo.Environment);
        foreach (var (key, value) in SharedEnvironment.Concat(environment ?? new Dictionary<string, string>()))
        {
            startInfo.Environment[key] = value;
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    public static string ReadLog(string logFile) => File.Exists(logFile) ? File.ReadAllText(logFile) : string.Empty;

    /// <summary>Sends SIGTERM, as `docker stop` or Kubernetes does, and returns the exit code once the process has stopped.</summary>
    public static async Task<int> StopGracefullyAsync(Process process, TimeSpan timeout)
    {
        (await RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Path.GetTempPath(), TimeSpan.FromSeconds(10)))
            .EnsureSuccess("kill -TERM");
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// `dotnet test` sets MSBuild variables for its own build; a nested `dotnet build` of a generated project must
    /// resolve its SDK and settings from scratch, exactly as a user's would.
    /// </summary>
    private static void ScrubInheritedBuildEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.Where(IsInheritedBuildVariable).ToList())
        {
            environment.Remove(key);
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
    }

    private static bool IsInheritedBuildVariable(string key) =>
        key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);
}
