namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// One process of a <see cref="RollingDeployment"/>: an HTTP app (an API, or a worker host with probes and an intake)
/// or a queue worker without HTTP, started as a real process. <see cref="Kill"/> is a SIGKILL, as when a node dies or
/// a container is OOM-killed: no shutdown, nothing flushed.
/// </summary>
public sealed class Replica : IAsyncDisposable
{
    private readonly RunningApp? _app;
    private readonly RunningWorker? _worker;
    private int _killed;

    public Replica(string name, RunningApp app)
    {
        Name = name;
        _app = app;
    }

    public Replica(string name, RunningWorker worker)
    {
        Name = name;
        _worker = worker;
    }

    /// <summary>The Deployment's name and a number, for example "api-3" (the third API process started).</summary>
    public string Name { get; }

    /// <summary>Where it serves HTTP; null for a worker without HTTP.</summary>
    public Uri? BaseAddress => _app?.BaseAddress;

    /// <summary>Set before the SIGKILL is sent, so a request that fails because of it is known to have met a killed process.</summary>
    public bool Killed => Volatile.Read(ref _killed) == 1;

    public string Log => _app?.Log ?? _worker!.Log;

    /// <summary>The exit code after <see cref="StopGracefullyAsync"/>; null while it runs, or when it was killed.</summary>
    public int? ExitCode { get; private set; }

    public void Kill()
    {
        Volatile.Write(ref _killed, 1);
        if (_app is not null)
        {
            _app.KillNow();
        }
        else
        {
            _worker!.KillNow();
        }
    }

    /// <summary>SIGTERM, as a Deployment scaled down sends; the exit code is kept in <see cref="ExitCode"/>.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout) =>
        ExitCode = _app is not null ? await _app.StopGracefullyAsync(timeout) : await _worker!.StopGracefullyAsync(timeout);

    public ValueTask DisposeAsync() => _app?.DisposeAsync() ?? _worker!.DisposeAsync();

    public override string ToString() => Name;
}
