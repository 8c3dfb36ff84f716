using System.Collections.Concurrent;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// The processes of one scenario, played the way Kubernetes runs them: a Deployment per role ("api", "worker") with a
/// number of replicas started side by side; a replica that dies is replaced by a new process of the same role; a
/// Service sends each request to the next ready HTTP replica of a role (round robin), and a replica leaves it when it
/// is killed and joins it once its readiness probe answers. Disposing stops every process that still runs.
/// </summary>
public sealed class RollingDeployment : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<string, Task<Replica>>> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Replica> _all = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Replica>> _ready = new(StringComparer.Ordinal);
    private int _nextPick;

    /// <summary>Every replica ever started, killed ones included, in the order they were started.</summary>
    public IReadOnlyList<Replica> Replicas => [.. _all];

    /// <summary>Registers a role: how to start one of its processes (given its name) and wait until it is ready.</summary>
    public void AddRole(string role, Func<string, Task<Replica>> start) => _roles[role] = start;

    /// <summary>Starts <paramref name="count"/> replicas of the role at the same time and puts them in service.</summary>
    public async Task<IReadOnlyList<Replica>> ScaleOutAsync(string role, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartAsync(role)));

    /// <summary>The replicas of the role that are in service now.</summary>
    public IReadOnlyList<Replica> InService(string role)
    {
        lock (_gate)
        {
            return _ready.TryGetValue(role, out var replicas) ? [.. replicas] : [];
        }
    }

    /// <summary>The next ready HTTP replica of the role, round robin (what a Service does with its endpoints).</summary>
    public Replica Pick(string role)
    {
        lock (_gate)
        {
            var replicas = _ready.GetValueOrDefault(role) ?? [];
            if (replicas.Count == 0)
            {
                throw new InvalidOperationException($"No {role} replica is in service.");
            }

            return replicas[(int)((uint)_nextPick++ % (uint)replicas.Count)];
        }
    }

    /// <summary>
    /// Kills the replica with SIGKILL and starts its replacement, which is in service once ready. Returns the
    /// replacement.
    /// </summary>
    public async Task<Replica> KillAndReplaceAsync(string role, Replica victim)
    {
        lock (_gate)
        {
            _ready[role].Remove(victim);
        }

        victim.Kill();
        return await StartAsync(role);
    }

    /// <summary>Stops every replica still running with SIGTERM, all at once; their exit codes land in <see cref="Replica.ExitCode"/>.</summary>
    public Task StopGracefullyAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            _ready.Clear();
        }

        return Task.WhenAll(_all.Where(replica => !replica.Killed).Select(replica => replica.StopGracefullyAsync(timeout)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _all)
        {
            await replica.DisposeAsync();
        }
    }

    private async Task<Replica> StartAsync(string role)
    {
        var name = $"{role}-{_started.AddOrUpdate(role, 1, (_, count) => count + 1)}";
        var replica = await _roles[role](name);
        _all.Enqueue(replica);
        lock (_gate)
        {
            if (!_ready.TryGetValue(role, out var replicas))
            {
                _ready[role] = replicas = [];
            }

            replicas.Add(replica);
        }

        return replica;
    }
}
