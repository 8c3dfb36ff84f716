using System.Diagnostics;
using System.Globalization;
using System.Net;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// One rolling deployment of a generated solution on real servers. The play is the same for every scenario:
/// <list type="number">
/// <item>a fresh database, and a queue of its own on the broker where the solution uses RabbitMQ;</item>
/// <item>the migration job (the app's own <c>migrate</c> command), as a Kubernetes Job runs it before the replicas;</item>
/// <item>two replicas of each role, started side by side in Production;</item>
/// <item>at least <see cref="ScaleOutRun.Units"/> units accepted through the HTTP replicas by 16 clients at once,
/// while a replica of each role is killed with SIGKILL part-way (<see cref="Kills"/>) and replaced;</item>
/// <item>the run drains (polled, never slept), every replica is stopped with SIGTERM, and the scenario's checks read
/// the database (and the broker): every accepted unit took effect exactly once, nothing was left behind or
/// dead-lettered, no answer but the expected one came back except from killed replicas, and every replica stopped
/// cleanly.</item>
/// </list>
/// </summary>
public abstract class ScaleOutScenario(string name, string engine, bool usesBroker)
{
    public const string PostgresRabbitMq = "postgres-rabbitmq";
    public const string PostgresInProcess = "postgres-inprocess";
    public const string MariaDbRabbitMq = "mariadb-rabbitmq";
    public const string WorkerDatabaseQueue = "worker-postgres-database-queue";

    private const int Clients = 16;

    /// <summary>How long a replica may take to become ready: generous, as a startup probe is, for a busy machine.</summary>
    protected static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<ScaleOutScenario> All { get; } =
    [
        new OrderPipelineScenario(PostgresRabbitMq, "postgres", "rabbitmq"),
        new OrderPipelineScenario(PostgresInProcess, "postgres", "inprocess"),
        // On MariaDB, RabbitMQ rather than in process: it runs both the outbox dispatchers' claims and two competing
        // workers' batches on MariaDB's locking, and the broker's redelivery of a killed worker's messages.
        new OrderPipelineScenario(MariaDbRabbitMq, "mysql", "rabbitmq"),
        new StockQueueScenario(WorkerDatabaseQueue, "postgres"),
    ];

    public string Name { get; } = name;

    protected DatabaseServer Server { get; } = DatabaseServer.For(engine);

    protected bool UsesBroker { get; } = usesBroker;

    public string? SkipReason => Server.SkipReason ?? (UsesBroker ? Broker.SkipReason : null);

    /// <summary>The scenario's database on <see cref="Server"/>.</summary>
    protected string Database { get; } = "pk_scale_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The scenario's queue on the broker, when it uses one.</summary>
    protected QueueOnBroker? Queue { get; } = usesBroker ? new QueueOnBroker(Broker.Uri ?? string.Empty, "pk-scale-" + Guid.NewGuid().ToString("N")[..8]) : null;

    /// <summary>The role whose replicas take the HTTP load (the APIs, or the worker hosts with their intake).</summary>
    protected abstract string FrontRole { get; }

    /// <summary>When, in accepted units out of the total, a replica of which role is killed and replaced; one at a time.</summary>
    protected abstract IReadOnlyList<(double AtShare, string Role)> Kills { get; }

    protected abstract HttpStatusCode Accepted { get; }

    /// <summary>Whether a unit whose replica was killed before it answered is sent again with the same id (idempotent intake).</summary>
    protected abstract bool ResendInDoubt { get; }

    public async Task<ScaleOutOutcome> RunAsync(MatrixRun matrix, int units)
    {
        var problems = new List<string>();
        var report = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var deployment = new RollingDeployment();
        try
        {
            var row = matrix.Rows.FirstOrDefault(Accepts)
                ?? throw new InvalidOperationException($"The option matrix has no row for the scenario {Name}; pick another row.");
            var folder = matrix.BuiltFolder(Accepts, Name);
            report.Add($"{Name}: dotnet new {row} (option matrix row {row.Id})");
            await PlayAsync(row, folder, units, deployment, problems, report);
        }
        catch (Exception exception)
        {
            problems.Add($"The scenario stopped: {exception}");
        }
        finally
        {
            await deployment.DisposeAsync();
            await CleanUpAsync(problems);
        }

        report.Add($"{Name}: {stopwatch.Elapsed.TotalSeconds:F1} s in all.");
        return new ScaleOutOutcome(problems, report);
    }

    protected abstract bool Accepts(MatrixRow row);

    /// <summary>The environment every process of the scenario gets: its database, its queue, Production.</summary>
    protected Dictionary<string, string> CommonEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Database"] = Server.ConnectionStringFor(Database),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        if (Queue is not null)
        {
            environment["ConnectionStrings__RabbitMq"] = Broker.Uri!;
            environment["RabbitMq__QueueName"] = Queue.Name;
        }

        return environment;
    }

    /// <summary>
    /// The settings of a replica that polls a database table (an outbox, a queue), on top of <paramref name="common"/>:
    /// a short poll, and a 5 s lease rather than 30 s, so that a killed replica's claim is taken over soon (and a live
    /// one slowed past its lease on a busy machine shows the takeover too); warnings and errors only in the log.
    /// </summary>
    protected static Dictionary<string, string> PollingReplicaEnvironment(IReadOnlyDictionary<string, string> common) => new(common)
    {
        ["Messaging__PollingInterval"] = "00:00:00.100",
        ["Messaging__Lease"] = "00:00:05",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Runs `dotnet ASSEMBLY migrate` once, as the deployment's migration job.</summary>
    protected static async Task<TimeSpan> MigrateAsync(string assembly, IReadOnlyDictionary<string, string> environment) =>
        (await ProcessRunner.RunAsync("dotnet", [assembly, "migrate"], Path.GetDirectoryName(assembly)!, TimeSpan.FromMinutes(3), environment))
            .EnsureSuccess($"The migration job ({Path.GetFileName(assembly)} migrate)").Elapsed;

    /// <summary>The scenario's migration job and roles; returns how long the job took.</summary>
    protected abstract Task<TimeSpan> PrepareAsync(MatrixRow row, string folder, RollingDeployment deployment);

    /// <summary>The request for unit number <paramref name="number"/>, relative to a replica's address.</summary>
    protected abstract HttpRequestMessage Request(int number);

    /// <summary>Whether every unit the run left has been handled (asked again until it is).</summary>
    protected abstract Task<bool> DrainedAsync();

    /// <summary>The scenario's checks in the database, once every replica stopped.</summary>
    protected abstract Task CheckAsync(HttpLoad load, List<string> problems, List<string> report);

    /// <summary>A statement in PostgreSQL's quoting ("Name"), run on the scenario's database in its engine's quoting.</summary>
    protected Task<IReadOnlyList<string>> QueryAsync(string sql) =>
        Server.QueryAsync(Database, Server == DatabaseServer.MySql ? sql.Replace('"', '`') : sql);

    protected async Task<long> CountAsync(string sql) => long.Parse((await QueryAsync(sql)).Single(), CultureInfo.InvariantCulture);

    private async Task PlayAsync(MatrixRow row, string folder, int units, RollingDeployment deployment, List<string> problems, List<string> report)
    {
        var migration = await PrepareAsync(row, folder, deployment);
        var stopwatch = Stopwatch.StartNew();
        var roles = Kills.Select(kill => kill.Role).Prepend(FrontRole).Distinct().ToList();
        await Task.WhenAll(roles.Select(role => deployment.ScaleOutAsync(role, 2)));
        report.Add($"Migration job {migration.TotalSeconds:F1} s; {string.Join(" and ", roles.Select(role => $"2 {role} replicas"))} ready {stopwatch.Elapsed.TotalSeconds:F1} s later.");

        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var load = new HttpLoad(deployment, FrontRole, client, Accepted);
        var kills = PlayKillsAsync(deployment, load, units, report);
        await load.RunAsync(units, Clients, Request, ResendInDoubt, kills, timeout.Token);
        await kills;
        var sent = load.Attempts.Count;
        report.Add($"{load.AcceptedCount:N0} units accepted ({(int)Accepted}) of {sent:N0} requests by {Clients} clients through "
            + $"{string.Join(", ", load.Attempts.Select(attempt => attempt.Replica).Distinct().Order(StringComparer.Ordinal))} in {load.Elapsed.TotalSeconds:F1} s "
            + $"({load.AcceptedCount / load.Elapsed.TotalSeconds:F0}/s); {load.Attempts.Count(attempt => attempt.Status is null && attempt.ReplicaKilled)} requests met a killed replica.");
        foreach (var failure in load.Failures.Take(20))
        {
            problems.Add($"Request {failure.Number} to {failure.Replica}{(failure.ReplicaKilled ? " (killed)" : string.Empty)}: "
                + (failure.Status is { } status ? $"{(int)status} {Truncate(failure.Body, 600)}" : failure.Error));
        }

        if (load.Failures.Count > 20)
        {
            problems.Add($"... and {load.Failures.Count - 20} more failed requests.");
        }

        stopwatch.Restart();
        var drained = await MessagingTools.WaitForAsync(DrainedAsync, done => done, DrainTimeout, TimeSpan.FromMilliseconds(250));
        report.Add(drained ? $"Drained {stopwatch.Elapsed.TotalSeconds:F1} s after the last request." : $"NOT drained within {DrainTimeout.TotalMinutes} minutes.");
        if (!drained)
        {
            problems.Add($"The run did not drain within {DrainTimeout.TotalMinutes} minutes (see the checks below for what was left).");
        }

        stopwatch.Restart();
        try
        {
            await deployment.StopGracefullyAsync(StopTimeout);
            report.Add($"Every replica stopped with SIGTERM in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        }
        catch (OperationCanceledException)
        {
            problems.Add($"Not every replica stopped within {StopTimeout.TotalSeconds} s of SIGTERM.");
        }

        foreach (var replica in deployment.Replicas.Where(replica => !replica.Killed && replica.ExitCode is not null and not 0))
        {
            problems.Add($"{replica.Name} exited with code {replica.ExitCode} after SIGTERM.");
        }

        if (Queue is not null && await Queue.DepthAsync() is { } depth and > 0)
        {
            // A worker stopped with deliveries prefetched but not yet handled gives them back to the queue, which is
            // the design (at-least-once); what must not be there is a message whose effect never happened.
            var left = await Queue.PeekMessageIdsAsync();
            var unhandled = new List<string>();
            foreach (var id in left.Distinct(StringComparer.Ordinal))
            {
                if (id is null || !Guid.TryParse(id, out var messageId)
                    || await CountAsync($"""SELECT COUNT(*) FROM "ProcessedMessages" WHERE "MessageId" = '{messageId}'""") == 0)
                {
                    unhandled.Add(id ?? "(no message id)");
                }
            }

            if (unhandled.Count > 0)
            {
                problems.Add($"{unhandled.Count} of the {depth} messages left in the queue {Queue.Name} with every consumer stopped were never handled: {string.Join(", ", unhandled.Take(10))}.");
            }
            else
            {
                report.Add($"{depth} deliveries went back to the queue when the workers stopped, each of a message already handled (the next worker acknowledges them as inbox no-ops).");
            }
        }

        await CheckAsync(load, problems, report);

        // What each replica did and logged. Errors are reported, not failed on: a duplicate delivery that the inbox
        // turns away is logged by EF Core as a failed command although it is handled; the checks above are the verdict.
        foreach (var replica in deployment.Replicas)
        {
            var attempts = load.Attempts.Where(attempt => attempt.Replica == replica.Name).ToList();
            var log = replica.Log.Split('\n');
            var errors = log.Where(IsErrorLine).ToList();
            var warnings = log.Where(IsWarningLine).ToList();
            var served = replica.BaseAddress is null
                ? string.Empty
                : $"{attempts.Count(attempt => attempt.Status == Accepted):N0} accepted, {attempts.Count(attempt => attempt.Status is null)} failed to connect or answer; ";
            report.Add($"{replica.Name}{(replica.Killed ? " (killed)" : string.Empty)}: {served}{errors.Count} errors and {warnings.Count} warnings logged"
                + (errors.Count > 0 ? $"; the first error: {Truncate(errors[0], 600)}" : warnings.Count > 0 ? $"; the first warning: {Truncate(warnings[0], 300)}" : "."));
        }
    }

    private async Task PlayKillsAsync(RollingDeployment deployment, HttpLoad load, int units, List<string> report)
    {
        foreach (var (share, role) in Kills)
        {
            await load.WhenAcceptedAsync((int)(units * share));
            var victim = deployment.InService(role)[0];
            var (acceptedAtKill, inFlight) = (load.AcceptedCount, load.InFlight(victim));
            var stopwatch = Stopwatch.StartNew();
            var replacement = await deployment.KillAndReplaceAsync(role, victim);
            if (replacement.BaseAddress is not null)
            {
                // It is in the Service now: the run goes on until it has answered too.
                await load.WhenAcceptedByAsync(replacement, 10);
            }

            report.Add($"Killed {victim} with SIGKILL at {acceptedAtKill:N0} accepted units{(victim.BaseAddress is null ? string.Empty : $", {inFlight} requests in flight to it")}; "
                + $"its replacement {replacement} was ready and answering {stopwatch.Elapsed.TotalSeconds:F1} s later, at {load.AcceptedCount:N0}.");
        }
    }

    private async Task CleanUpAsync(List<string> problems)
    {
        try
        {
            await Server.QueryAsync(
                Server == DatabaseServer.MySql ? "mysql" : "postgres",
                Server == DatabaseServer.MySql ? $"DROP DATABASE IF EXISTS `{Database}`" : $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
            if (Queue is not null)
            {
                await Queue.DeleteAsync();
            }
        }
        catch (Exception exception)
        {
            problems.Add($"Cleaning up the database {Database} or the queue failed: {exception.Message}");
        }
    }

    /// <summary>An error in the JSON console format (Production's) or the simple one ("fail:", "crit:").</summary>
    private static bool IsErrorLine(string line) =>
        line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)
        || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);

    private static bool IsWarningLine(string line) =>
        line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) || line.StartsWith("warn:", StringComparison.Ordinal);

    protected static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + " ...";
}
