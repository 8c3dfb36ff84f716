using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A generated API started as a real process on a free loopback port, stopped on dispose.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    private readonly Process _process;
    private readonly string _logFile;

    private RunningApp(Process process, string logFile, Uri baseAddress)
    {
        _process = process;
        _logFile = logFile;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Log => ProcessRunner.ReadLog(_logFile);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the app and waits until <paramref name="waitFor"/> answers 200 (within a minute, or <paramref name="readyWithin"/>).</summary>
    public static async Task<RunningApp> StartAsync(
        string assemblyPath,
        IReadOnlyDictionary<string, string>? environment = null,
        string waitFor = "/health/ready",
        TimeSpan? readyWithin = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var logFile = Path.Combine(Repository.ArtifactsFolder, $"{Path.GetFileNameWithoutExtension(assemblyPath)}-{port}.log");
        var process = ProcessRunner.Start(
            "dotnet",
            [assemblyPath, "--urls", baseAddress.ToString()],
            Path.GetDirectoryName(assemblyPath)!,
            logFile,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }
                .Concat(environment ?? new Dictionary<string, string>())
                .GroupBy(pair => pair.Key)
                .ToDictionary(group => group.Key, group => group.Last().Value));

        var app = new RunningApp(process, logFile, baseAddress);
        try
        {
            await app.WaitUntilAsync(waitFor, readyWithin ?? TimeSpan.FromMinutes(2)); // a wait, not a budget: the suite keeps 2 cores busy
            return app;
        }
        catch
        {
            // Never leave a server behind holding its port and database.
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process at once with SIGKILL: no shutdown hooks, no flushing, as in a power cut.</summary>
    public void KillNow()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// Polls <paramref name="read"/> with the app frozen and kills it with SIGKILL, before it runs again, once
    /// <paramref name="done"/> accepts the value read: the app dies at exactly that state (see <see cref="ProcessSignals"/>).
    /// </summary>
    public Task<T> KillWhenAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan pollEvery) =>
        ProcessSignals.KillWhenAsync(_process, read, done, timeout, pollEvery);

    /// <summary>Sends SIGTERM, as `docker stop` or Kubernetes does, and returns the exit code once the app has stopped.</summary>
    public Task<int> StopGracefullyAsync(TimeSpan timeout) => ProcessRunner.StopGracefullyAsync(_process, timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private async Task WaitUntilAsync(string path, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{Log}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (deadline.Elapsed < timeout)
            {
                // A request that outlived the client's timeout on an overloaded machine: ask again until the deadline.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The app was not ready within {timeout}:{Environment.NewLine}{Log}");
    }

    /// <summary>
    /// A loopback port nobody listens on right now, and none this test run has handed out before: test classes run in
    /// parallel, and two apps told the same free port would race for it.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
