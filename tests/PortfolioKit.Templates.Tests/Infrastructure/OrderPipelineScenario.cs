using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// backend-portfolio's order pipeline: orders placed through two APIs; with `--messaging rabbitmq` each API's outbox
/// dispatcher publishes to the queue and two workers (src/Worker) compete for it, and the scenario kills an API and
/// then a worker; in process each API dispatches its outbox to its own handler, and the scenario kills one API and
/// then the other (after the first one's replacement is in service): every dispatcher is replaced once.
/// </summary>
public sealed class OrderPipelineScenario(string name, string engine, string messaging) : ScaleOutScenario(name, engine, messaging == "rabbitmq")
{
    private const string EmailPrefix = "scale-";

    private BearerToken? _token;

    protected override string FrontRole => "api";

    protected override IReadOnlyList<(double AtShare, string Role)> Kills => UsesBroker
        ? [(0.35, "api"), (0.5, "worker")]
        : [(1.0 / 3, "api"), (2.0 / 3, "api")];

    protected override HttpStatusCode Accepted => HttpStatusCode.Created;

    /// <summary>An order has no idempotency key: a client cannot tell whether an order whose answer it lost was placed.</summary>
    protected override bool ResendInDoubt => false;

    protected override bool Accepts(MatrixRow row) =>
        row.Template == "backend-portfolio" && row.Engine == Server.Engine && row.Choices.GetValueOrDefault("messaging") == messaging;

    /// <summary>
    /// The lines of order <paramref name="number"/>: one to three of the six demo products, 1 to 4 of each, so that
    /// concurrent batches share products and the stock arithmetic has something to catch.
    /// </summary>
    public static IReadOnlyList<(int ProductId, int Quantity)> Lines(int number) =>
        [.. Enumerable.Range(0, 1 + (number % 3)).Select(k => (1 + ((number + (2 * k)) % 6), 1 + (((number / 3) + k) % 4)))];

    protected override async Task<TimeSpan> PrepareAsync(MatrixRow row, string folder, RollingDeployment deployment)
    {
        var api = GeneratedSolution.ApiAssembly(folder);
        var common = CommonEnvironment();
        if (row.Choices.GetValueOrDefault("auth") == "jwt")
        {
            _token = new BearerToken();
            foreach (var (key, value) in _token.ApiEnvironment)
            {
                common[key] = value;
            }
        }

        // The job seeds the demo catalogue too: the orders are for its six products.
        var migration = await MigrateAsync(api, new Dictionary<string, string>(common) { ["Database__SeedDemoData"] = "true" });
        var apiEnvironment = PollingReplicaEnvironment(common);
        apiEnvironment["RateLimiting__PermitLimit"] = "100000000";
        deployment.AddRole("api", async replica => new Replica(replica, await RunningApp.StartAsync(api, apiEnvironment, readyWithin: ReadyWithin)));
        if (UsesBroker)
        {
            var worker = WorkerTools.Assembly(folder);
            deployment.AddRole("worker", async replica => new Replica(replica, await RunningWorker.StartAsync(worker, common)));
        }

        return migration;
    }

    protected override HttpRequestMessage Request(int number)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                customerEmail = $"{EmailPrefix}{number}@example.com",
                lines = Lines(number).Select(line => new { productId = line.ProductId, quantity = line.Quantity }),
            }),
        };
        if (_token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token.Create("api:write"));
        }

        return request;
    }

    /// <summary>
    /// Every order confirmed, the outbox empty, and on a broker no message waiting: the copies a killed API's outbox
    /// published again reach a worker after their orders are confirmed, and are acknowledged (as inbox no-ops) then.
    /// </summary>
    protected override async Task<bool> DrainedAsync() =>
        await CountAsync("""SELECT (SELECT COUNT(*) FROM "Orders" WHERE "Status" <> 'Confirmed') + (SELECT COUNT(*) FROM "OutboxMessages")""") == 0
        && (Queue is null || await Queue.DepthAsync() is null or 0);

    protected override async Task CheckAsync(HttpLoad load, List<string> problems, List<string> report)
    {
        // The run's orders, by number: id and status.
        var orders = (await QueryAsync($"""SELECT "Id", "CustomerEmail", "Status" FROM "Orders" WHERE "CustomerEmail" LIKE '{EmailPrefix}%'"""))
            .Select(line => line.Split('|'))
            .ToDictionary(
                columns => int.Parse(columns[1][EmailPrefix.Length..columns[1].IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture),
                columns => (Id: int.Parse(columns[0], CultureInfo.InvariantCulture), Status: columns[2]));

        // 1. Every accepted order is there, as the answer said, and confirmed.
        foreach (var (number, body) in load.Accepted)
        {
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
            if (!orders.TryGetValue(number, out var order) || order.Id != id)
            {
                problems.Add($"Accepted order {number} (id {id}) is not in the database.");
            }
            else if (order.Status != "Confirmed")
            {
                problems.Add($"Accepted order {number} (id {id}) is {order.Status}, not Confirmed.");
            }
        }

        // 2. The orders of requests whose API was killed before it answered may exist (committed, answer lost) and are
        // then confirmed like any other; an order that was neither accepted nor in doubt must not exist.
        var inDoubt = load.InDoubt;
        var committedInDoubt = orders.Keys.Where(inDoubt.Contains).ToList();
        foreach (var (number, order) in orders.Where(entry => !load.Accepted.ContainsKey(entry.Key)))
        {
            if (!inDoubt.Contains(number))
            {
                problems.Add($"Order {number} (id {order.Id}) is in the database but was never accepted nor in doubt.");
            }
            else if (order.Status != "Confirmed")
            {
                problems.Add($"Order {number} (id {order.Id}), placed by a killed API before it answered, is {order.Status}, not Confirmed.");
            }
        }

        // 3. Nothing left behind, nothing dead-lettered, and one inbox record per order (every order has one message).
        var counts = (await QueryAsync("""
            SELECT (SELECT COUNT(*) FROM "Orders"), (SELECT COUNT(*) FROM "Orders" WHERE "Status" <> 'Confirmed'),
                   (SELECT COUNT(*) FROM "ProcessedMessages"), (SELECT COUNT(*) FROM "OutboxMessages"), (SELECT COUNT(*) FROM "DeadLetters")
            """)).Single().Split('|').Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        var (all, unconfirmed, processed, outbox, deadLetters) = (counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (unconfirmed > 0)
        {
            problems.Add($"{unconfirmed} orders are not confirmed.");
        }

        if (outbox > 0)
        {
            problems.Add($"{outbox} messages are left in the outbox.");
        }

        if (deadLetters > 0)
        {
            problems.Add($"{deadLetters} messages were dead-lettered: {string.Join("; ", await QueryAsync("""SELECT "Reason" FROM "DeadLetters" LIMIT 5"""))}");
        }

        if (processed != all)
        {
            problems.Add($"{processed} inbox records for {all} orders: each order's message must be handled exactly once.");
        }

        // 4. Stock reserved exactly once per line: each product's reservation is what the client ordered of it, in the
        // accepted orders and the in-doubt ones that were committed, plus the seeded demo order's lines.
        var ordered = load.Accepted.Keys.Concat(committedInDoubt)
            .SelectMany(Lines)
            .GroupBy(line => line.ProductId)
            .ToDictionary(group => group.Key, group => group.Sum(line => line.Quantity));
        var products = (await QueryAsync($"""
            SELECT p."Id", p."ReservedQuantity",
                   COALESCE((SELECT SUM(l."Quantity") FROM "OrderLines" l JOIN "Orders" o ON o."Id" = l."OrderId"
                             WHERE l."ProductId" = p."Id" AND o."CustomerEmail" NOT LIKE '{EmailPrefix}%'), 0)
            FROM "Products" p ORDER BY p."Id"
            """)).Select(line => line.Split('|').Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray()).ToList();
        foreach (var product in products)
        {
            var expected = ordered.GetValueOrDefault((int)product[0]) + product[2];
            if (product[1] != expected)
            {
                problems.Add($"Product {product[0]} has {product[1]} units reserved; its confirmed lines add up to {expected} ({(product[1] > expected ? "a line was reserved twice" : "a line was not reserved")}).");
            }
        }

        report.Add($"{orders.Count:N0} orders of the run in the database: {load.Accepted.Count:N0} accepted and {committedInDoubt.Count} of the {inDoubt.Count} in doubt; "
            + $"{processed:N0} inbox records for {all:N0} orders; {products.Sum(product => product[1]):N0} units reserved on {products.Count} products.");
    }
}
