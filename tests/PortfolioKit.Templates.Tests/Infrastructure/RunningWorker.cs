using System.Diagnostics;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A generated worker started as a real process; ready once it logs that it consumes its queue.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _logFile;

    private RunningWorker(Process process, string logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    public string Log => ProcessRunner.ReadLog(_logFile);

    public static async Task<RunningWorker> StartAsync(string assemblyPath, IReadOnlyDictionary<string, string> environment)
    {
        var logFile = Path.Combine(Repository.ArtifactsFolder, $"{Path.GetFileNameWithoutExtension(assemblyPath)}-{Guid.NewGuid():N}.log");
        var process = ProcessRunner.Start("dotnet", [assemblyPath], Path.GetDirectoryName(assemblyPath)!, logFile, environment);
        var worker = new RunningWorker(process, logFile);
        var deadline = Stopwatch.StartNew();
        while (!worker.Log.Contains("Consuming ", StringComparison.Ordinal))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                var log = worker.Log;
                await worker.DisposeAsync();
                throw new InvalidOperationException($"The worker did not start consuming:{Environment.NewLine}{log}");
            }

            await Task.Delay(100);
        }

        return worker;
    }

    /// <summary>Kills the process at once with SIGKILL: no shutdown, no acknowledgements flushed.</summary>
    public void KillNow()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM, as Kubernetes does, and returns the exit code once the worker has stopped.</summary>
    public Task<int> StopGracefullyAsync(TimeSpan timeout) => ProcessRunner.StopGracefullyAsync(_process, timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }
}
