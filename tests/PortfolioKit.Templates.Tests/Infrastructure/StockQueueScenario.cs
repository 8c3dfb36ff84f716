using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// backend-worker with its database queue (`--messaging inprocess`): two hosts take stock-received messages through
/// their intake and consume the one queue, each claiming batches with a lease. The scenario kills one host and then
/// the other (after the first one's replacement is in service). A message whose host died before it answered is sent
/// again with the same id to the other host, as a producer that retries does: the intake and the inbox must make
/// that one message, once.
/// </summary>
public sealed class StockQueueScenario(string name, string engine) : ScaleOutScenario(name, engine, usesBroker: false)
{
    private const int Skus = 10;

    private readonly ConcurrentDictionary<int, Guid> _ids = new();

    protected override string FrontRole => "host";

    protected override IReadOnlyList<(double AtShare, string Role)> Kills => [(1.0 / 3, "host"), (2.0 / 3, "host")];

    protected override HttpStatusCode Accepted => HttpStatusCode.Accepted;

    protected override bool ResendInDoubt => true;

    protected override bool Accepts(MatrixRow row) =>
        row.Template == "backend-worker" && row.Engine == Server.Engine && row.Choices.GetValueOrDefault("messaging") == "inprocess";

    private static string Sku(int number) => $"SCALE-{number % Skus}";

    private static int Quantity(int number) => 1 + (number % 5);

    protected override async Task<TimeSpan> PrepareAsync(MatrixRow row, string folder, RollingDeployment deployment)
    {
        var worker = WorkerTools.Assembly(folder);
        var common = CommonEnvironment();
        var migration = await MigrateAsync(worker, common);
        var hostEnvironment = PollingReplicaEnvironment(common);
        // The intake stands in for the producer; it is off outside Development unless switched on.
        hostEnvironment["Intake__Enabled"] = "true";
        deployment.AddRole("host", async replica => new Replica(replica, await RunningApp.StartAsync(worker, hostEnvironment, readyWithin: ReadyWithin)));
        return migration;
    }

    protected override HttpRequestMessage Request(int number) =>
        new(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                id = _ids.GetOrAdd(number, _ => Guid.NewGuid()),
                type = "stock-received.v1",
                payload = new { sku = Sku(number), quantity = Quantity(number) },
            }),
        };

    protected override async Task<bool> DrainedAsync() => await CountAsync("""SELECT COUNT(*) FROM "QueuedMessages" """) == 0;

    protected override async Task CheckAsync(HttpLoad load, List<string> problems, List<string> report)
    {
        // Every message sent was accepted in the end (in-doubt ones were sent again), so each must be in the inbox once.
        var sent = load.Accepted.Keys.ToDictionary(number => _ids[number]);
        var processed = (await QueryAsync("""SELECT "MessageId" FROM "ProcessedMessages" """)).Select(value => Guid.Parse(value)).ToList();
        var unknown = processed.Where(id => !sent.ContainsKey(id)).ToList();
        var missing = sent.Keys.Except(processed).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{missing.Count} accepted messages were never handled, for example {missing[0]} (message {sent[missing[0]]}).");
        }

        if (unknown.Count > 0 || processed.Count != processed.Distinct().Count())
        {
            problems.Add($"The inbox has {unknown.Count} records of messages never sent and {processed.Count - processed.Distinct().Count()} duplicates.");
        }

        var left = await CountAsync("""SELECT COUNT(*) FROM "QueuedMessages" """);
        if (left > 0)
        {
            problems.Add($"{left} messages are left in the queue table.");
        }

        var deadLetters = await CountAsync("""SELECT COUNT(*) FROM "DeadLetters" """);
        if (deadLetters > 0)
        {
            problems.Add($"{deadLetters} messages were dead-lettered: {string.Join("; ", await QueryAsync("""SELECT "Reason" FROM "DeadLetters" LIMIT 5"""))}");
        }

        // Each message's quantity counted exactly once per SKU: a second effect of any message would show here.
        var expected = sent.Values.GroupBy(Sku).ToDictionary(group => group.Key, group => (long)group.Sum(Quantity), StringComparer.Ordinal);
        var stock = (await QueryAsync("""SELECT "Sku", "Quantity" FROM "StockLevels" """))
            .Select(line => line.Split('|'))
            .ToDictionary(columns => columns[0], columns => long.Parse(columns[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        foreach (var sku in expected.Keys.Union(stock.Keys).Order(StringComparer.Ordinal))
        {
            if (stock.GetValueOrDefault(sku) != expected.GetValueOrDefault(sku))
            {
                problems.Add($"{sku} stands at {stock.GetValueOrDefault(sku)} units; its accepted messages add up to {expected.GetValueOrDefault(sku)}.");
            }
        }

        var resent = load.Attempts.Where(attempt => attempt.Status is null && attempt.ReplicaKilled).Select(attempt => attempt.Number).Distinct().Count();
        report.Add($"{processed.Count:N0} inbox records for {sent.Count:N0} messages ({resent} sent again after their host was killed); {stock.Values.Sum():N0} units on {stock.Count} SKUs.");
    }
}
