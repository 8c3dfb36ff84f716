using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Numbered requests from several clients at once, each sent to the next ready replica of a role, until a number of
/// them were accepted (and the caller says the run may end). A request that fails because its replica was killed
/// (connection refused or reset, a response cut short) is in doubt: the replica may have committed it before it died.
/// With <c>resendInDoubt</c> it is sent again, with the same number, to another replica (a producer that retries
/// with the same message id); otherwise the number is given up. Any other failure, and any answer but the
/// expected status, is recorded as a failure; the run stops early after many of them.
/// </summary>
public sealed class HttpLoad(RollingDeployment deployment, string role, HttpClient client, HttpStatusCode expected)
{
    private const int GiveUpAfterFailures = 50;

    private readonly ConcurrentQueue<LoadAttempt> _attempts = new();
    private readonly ConcurrentDictionary<int, string> _accepted = new();
    private readonly ConcurrentBag<(Func<bool> Reached, TaskCompletionSource Signal)> _waiters = [];
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _acceptedBy = new(StringComparer.Ordinal);
    private int _acceptedCount;
    private int _failureCount;
    private int _next;
    private int _ended;

    /// <summary>Every request sent, in the order they ended.</summary>
    public IReadOnlyList<LoadAttempt> Attempts => [.. _attempts];

    /// <summary>The body of the accepted answer, by number.</summary>
    public IReadOnlyDictionary<int, string> Accepted => _accepted;

    /// <summary>Numbers never accepted whose requests failed because their replica was killed.</summary>
    public IReadOnlySet<int> InDoubt => _attempts.Where(IsInDoubt).Select(attempt => attempt.Number).Where(number => !_accepted.ContainsKey(number)).ToHashSet();

    /// <summary>Requests that failed other than by meeting a killed replica, and answers other than the expected status.</summary>
    public IReadOnlyList<LoadAttempt> Failures => [.. _attempts.Where(IsFailure)];

    public TimeSpan Elapsed { get; private set; }

    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    /// <summary>How many requests to the replica are waiting for their answer now.</summary>
    public int InFlight(Replica replica) => _inFlight.GetValueOrDefault(replica.Name);

    /// <summary>Completes once at least <paramref name="count"/> requests were accepted (or the run has ended).</summary>
    public Task WhenAcceptedAsync(int count) => When(() => AcceptedCount >= count);

    /// <summary>Completes once <paramref name="replica"/> accepted at least <paramref name="count"/> requests (or the run has ended).</summary>
    public Task WhenAcceptedByAsync(Replica replica, int count) => When(() => _acceptedBy.GetValueOrDefault(replica.Name) >= count);

    /// <summary>
    /// Sends requests from <paramref name="clients"/> clients until <paramref name="target"/> were accepted and
    /// <paramref name="mayEnd"/> completed (the kills and replacements the scenario plays while it runs). Past the
    /// target, while a replacement is still starting, two clients keep the traffic going (it reaches the replacement
    /// once it is ready) at ten requests a second each: at full speed they kept the surviving replicas and the
    /// database so busy that a replacement took up to 85 s to start on 2 cores, and a scenario of 2,000 units
    /// placed 9,000.
    /// </summary>
    public async Task RunAsync(int target, int clients, Func<int, HttpRequestMessage> request, bool resendInDoubt, Task mayEnd, CancellationToken cancellationToken)
    {
        const int ClientsPastTarget = 2;
        var pausePastTarget = TimeSpan.FromMilliseconds(100);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await RunClientsAsync();
        }
        finally
        {
            // Whatever waits on the run (the kills) goes on once it has ended, whether it reached its figures or gave up.
            Volatile.Write(ref _ended, 1);
            foreach (var (_, signal) in _waiters)
            {
                signal.TrySetResult();
            }
        }

        Elapsed = stopwatch.Elapsed;

        Task RunClientsAsync() => Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(
            async () =>
            {
                while ((AcceptedCount < target || (!mayEnd.IsCompleted && client < ClientsPastTarget)) && !GivenUp)
                {
                    var number = Interlocked.Increment(ref _next);
                    LoadAttempt attempt;
                    do
                    {
                        attempt = await SendAsync(number, request, cancellationToken);
                    }
                    while (resendInDoubt && IsInDoubt(attempt) && !GivenUp);
                    if (AcceptedCount >= target)
                    {
                        await Task.Delay(pausePastTarget, cancellationToken);
                    }
                }
            },
            cancellationToken)));
    }

    private bool GivenUp => Volatile.Read(ref _failureCount) >= GiveUpAfterFailures;

    private async Task<LoadAttempt> SendAsync(int number, Func<int, HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var replica = deployment.Pick(role);
        using var message = request(number);
        message.RequestUri = new Uri(replica.BaseAddress!, message.RequestUri!);
        LoadAttempt attempt;
        _inFlight.AddOrUpdate(replica.Name, 1, (_, count) => count + 1);
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            attempt = new LoadAttempt(number, replica.Name, replica.Killed, response.StatusCode, body, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Killed is set before the SIGKILL is sent, so a failure the kill caused always sees it.
            attempt = new LoadAttempt(number, replica.Name, replica.Killed, null, string.Empty, $"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            _inFlight.AddOrUpdate(replica.Name, 0, (_, count) => count - 1);
        }

        _attempts.Enqueue(attempt);
        if (attempt.Status == expected)
        {
            _accepted[number] = attempt.Body;
            _acceptedBy.AddOrUpdate(replica.Name, 1, (_, count) => count + 1);
            Interlocked.Increment(ref _acceptedCount);
            foreach (var (reached, signal) in _waiters)
            {
                if (reached())
                {
                    signal.TrySetResult();
                }
            }
        }
        else if (IsFailure(attempt))
        {
            Interlocked.Increment(ref _failureCount);
        }

        return attempt;
    }

    private Task When(Func<bool> reached)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((reached, signal));
        if (reached() || Volatile.Read(ref _ended) == 1)
        {
            signal.TrySetResult();
        }

        return signal.Task;
    }

    private static bool IsInDoubt(LoadAttempt attempt) => attempt.Status is null && attempt.ReplicaKilled;

    private bool IsFailure(LoadAttempt attempt) => attempt.Status is null ? !attempt.ReplicaKilled : attempt.Status != expected;
}
