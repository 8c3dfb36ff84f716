using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;
using static PortfolioKit.Templates.Tests.Infrastructure.MessagingTools;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// `--messaging inprocess` (the default, so the same generated solution as <see cref="FlagshipTemplateTests"/>, whose
/// own-tests run covers the generated outbox, inbox and dead-letter tests): the running app confirms orders in the
/// background, and a SIGKILL part-way through a thousand orders loses and duplicates nothing.
/// </summary>
public sealed class InProcessMessagingTests(AcmeOrdersSolution solution, TemplatePackFixture pack, ITestOutputHelper output)
    : IClassFixture<AcmeOrdersSolution>, IClassFixture<TemplatePackFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Running_app_confirms_a_placed_order_in_the_background_and_serves_dead_letters()
    {
        var database = NewDatabaseFile();
        await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(solution.Folder), AppEnvironment(database, dispatch: true));

        var placed = await app.Client.PostAsJsonAsync("/api/orders", new { customerEmail = "queue@example.com", lines = new[] { new { productId = 3, quantity = 2 } } });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<JsonObject>(Json))!;
        Assert.Equal("Placed", (string?)order["status"]);

        var stopwatch = Stopwatch.StartNew();
        var status = await WaitForAsync(
            async () => (string?)(await app.Client.GetFromJsonAsync<JsonObject>($"/api/orders/{order["id"]}", Json))!["status"],
            value => value == "Confirmed",
            TimeSpan.FromSeconds(30));
        Assert.Equal("Confirmed", status);
        output.WriteLine($"Placed -> Confirmed over HTTP in {stopwatch.ElapsedMilliseconds} ms.");
        Assert.Equal("2", await SqliteAsync(database, "SELECT ReservedQuantity FROM Products WHERE Id = 3;"));

        var deadLetters = await app.Client.GetFromJsonAsync<JsonObject>("/api/dead-letters", Json);
        Assert.Empty(deadLetters!["items"]!.AsArray());
        var missing = await app.Client.PostAsync(new Uri("/api/dead-letters/424242/replay", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var malformed = await app.Client.GetAsync(new Uri("/api/dead-letters?limit=abc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.DoesNotContain("Unhandled exception", app.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_app_with_sigkill_part_way_loses_and_duplicates_no_work()
    {
        await using var turn = await LoadTests.TakeTurnAsync();
        const int Orders = 1000;
        var database = NewDatabaseFile();
        var assembly = GeneratedSolution.ApiAssembly(solution.Folder);

        // 1. Accept all the work with the dispatcher off, so each unit is known to be committed (201) before any crash.
        var stopwatch = Stopwatch.StartNew();
        await using (var app = await RunningApp.StartAsync(assembly, AppEnvironment(database, dispatch: false)))
        {
            // Four clients: SQLite takes one writer at a time, and on a 2-core machine busy with the rest of the suite
            // eight queued writers made one wait past the client's 30 s.
            await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
            {
                var line = new { productId = 1 + (i % 6), quantity = 1 + (i % 3) };
                using var response = await app.Client.PostAsJsonAsync("/api/orders", new { customerEmail = $"crash{i}@example.com", lines = new[] { line } }, cancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            });
        }

        output.WriteLine($"{Orders} orders accepted over HTTP in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        var expectedQuantity = Enumerable.Range(0, Orders).Sum(i => 1 + (i % 3));
        var total = int.Parse(await SqliteAsync(database, "SELECT COUNT(*) FROM OutboxMessages;"), CultureInfo.InvariantCulture);
        Assert.Equal(Orders + 1, total); // and the seeded demo order's message

        // 2. Let the worker run, and SIGKILL the process while it is part-way through.
        int processedAtKill;
        // Batches of 5 (not 50): a thousand messages then take long enough for the kill to land part-way, and a batch
        // still holds several messages, so the kill can land in the middle of one.
        var crashing = AppEnvironment(database, dispatch: true);
        crashing["Messaging__BatchSize"] = "5";
        await using (var app = await RunningApp.StartAsync(assembly, crashing))
        {
            // Each poll reads with the app frozen (SIGSTOP) and kills it before it runs again: the kill lands at the
            // count read, however late this test is scheduled on a busy machine.
            processedAtKill = await app.KillWhenAsync(
                async () => int.Parse(await SqliteAsync(database, "SELECT COUNT(*) FROM ProcessedMessages;"), CultureInfo.InvariantCulture),
                processed => processed >= total / 5,
                TimeSpan.FromMinutes(2),
                pollEvery: TimeSpan.FromMilliseconds(20));
        }

        var processedAfterKill = int.Parse(await SqliteAsync(database, "SELECT COUNT(*) FROM ProcessedMessages;"), CultureInfo.InvariantCulture);
        output.WriteLine($"Killed with SIGKILL after {processedAtKill} of {total} messages ({processedAfterKill} committed when it died).");
        Assert.InRange(processedAfterKill, 1, total - 1);

        // 3. Restart: the rest is delivered (the killed process's claims expire after the short lease), each once.
        stopwatch.Restart();
        await using (var app = await RunningApp.StartAsync(assembly, AppEnvironment(database, dispatch: true)))
        {
            var remaining = await WaitForAsync(
                async () => int.Parse(await SqliteAsync(database, "SELECT COUNT(*) FROM OutboxMessages;"), CultureInfo.InvariantCulture),
                count => count == 0,
                TimeSpan.FromMinutes(3));
            Assert.Equal(0, remaining);
            Assert.DoesNotContain("moved to the dead letters", app.Log, StringComparison.Ordinal);
        }

        output.WriteLine($"The remaining {total - processedAfterKill} messages were delivered after the restart in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        Assert.Equal($"{Orders + 1}", await SqliteAsync(database, "SELECT COUNT(*) FROM Orders WHERE Status = 'Confirmed';"));
        Assert.Equal("0", await SqliteAsync(database, "SELECT COUNT(*) FROM Orders WHERE Status <> 'Confirmed';"));
        Assert.Equal($"{total}", await SqliteAsync(database, "SELECT COUNT(*) FROM ProcessedMessages;"));
        Assert.Equal("0", await SqliteAsync(database, "SELECT COUNT(*) FROM DeadLetters;"));

        // Exactly once: every product's reservation is the sum of its confirmed lines, no more (a duplicate) and no less.
        Assert.Equal("0", await SqliteAsync(database, """
            SELECT COUNT(*) FROM Products p
            WHERE p.ReservedQuantity <> (SELECT COALESCE(SUM(l.Quantity), 0) FROM OrderLines l WHERE l.ProductId = p.Id);
            """));
        Assert.Equal($"{expectedQuantity}", await SqliteAsync(database, """
            SELECT SUM(l.Quantity) FROM OrderLines l JOIN Orders o ON o.Id = l.OrderId WHERE o.CustomerEmail LIKE 'crash%';
            """));
        Assert.Equal(
            await SqliteAsync(database, "SELECT SUM(Quantity) FROM OrderLines;"),
            await SqliteAsync(database, "SELECT SUM(ReservedQuantity) FROM Products;"));
    }

    private string NewDatabaseFile()
    {
        var folder = Path.Combine(pack.WorkRoot, "messaging-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "app.db");
    }

    private static Dictionary<string, string> AppEnvironment(string database, bool dispatch) => new()
    {
        ["ConnectionStrings__Database"] = $"Data Source={database}",
        ["RateLimiting__PermitLimit"] = "1000000",
        ["Messaging__DispatcherEnabled"] = dispatch ? "true" : "false",
        ["Messaging__PollingInterval"] = "00:00:00.100",
        ["Messaging__Lease"] = "00:00:03",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
