using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// A built row's app started and exercised over HTTP: malformed input answered with a 400 ProblemDetails, the README's
/// API table equal to the served document, and the contract checks (<see cref="ContractCheck"/>); for a worker, three
/// messages each delivered twice counted once. The matrix starts every row's exercise once its build is done, two at a
/// time beside the generated tests (which spend much of their time waiting on backoffs and servers), rather than one
/// row after another at the end of the suite; <see cref="OptionMatrixTests"/> asserts each row's outcome.
/// </summary>
public static class RowExercise
{
    /// <summary>Exercises the row's app; returns what was done, for the test output, or throws what failed.</summary>
    public static Task<string> RunAsync(MatrixRow row, string folder) => row.Template switch
    {
        "backend-portfolio" or "backend-api" => ApiAsync(row, folder),
        "backend-worker" => WorkerAsync(row, folder),
        _ => throw new InvalidOperationException($"The option matrix has no HTTP exercise for the template '{row.Template}'; add one in {nameof(RowExercise)}."),
    };

    private static async Task<string> ApiAsync(MatrixRow row, string folder)
    {
        // A database of this exercise's own (a fresh one on a server engine, a new file on SQLite). The rate limit is
        // raised for the fuzz pass (429 is documented, but would hide everything else), and orders stay as placed (no
        // dispatcher), so a created order reads back as created.
        var bearer = row.Choices.GetValueOrDefault("auth") == "jwt" ? BearerSettings.CreateNew() : null;
        var environment = RowEnvironment(row, NewSqliteFile(folder));
        environment["RateLimiting__PermitLimit"] = "1000000";
        environment["Messaging__DispatcherEnabled"] = "false";
        foreach (var (key, value) in bearer?.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(folder), environment);
        using var list = await app.Client.GetAsync(new Uri("/api/products?limit=2", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);

        using var malformed = new StringContent("{\"sku\": \"M-1\", \"name\": ", Encoding.UTF8, "application/json");
        using var rejected = await app.Client.PostAsync(new Uri("/api/products", UriKind.Relative), malformed);
        if (bearer is not null)
        {
            // Authentication runs first: no token, no parsing of the body.
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        }

        var document = await DocumentAsync(app);
        if (row.Items != RowItems.All)
        {
            // The README describes the API as generated; backend-endpoint adds operations it leaves to its user to document.
            ContractCheck.AssertReadmeAgrees(folder, document, rateLimited: true, bearer: bearer is not null);
        }

        return await ContractCheck.RunAsync(app, document, row.Id, bearer);
    }

    /// <summary>
    /// The worker on its engine and queue: ready, a malformed message refused with a 400 ProblemDetails, and three
    /// messages each delivered twice counted once.
    /// </summary>
    private static async Task<string> WorkerAsync(MatrixRow row, string folder)
    {
        var environment = RowEnvironment(row, NewSqliteFile(folder));
        environment["Messaging__PollingInterval"] = "00:00:00.050";
        await using var worker = await RunningApp.StartAsync(WorkerTools.Assembly(folder), environment);
        using var malformed = new StringContent("{\"type\": \"stock-received.v1\", \"payload\": ", Encoding.UTF8, "application/json");
        using var rejected = await worker.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), malformed);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);

        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids.Concat(ids))
        {
            await WorkerTools.SendAsync(worker.Client, id, "SKU-M", 2);
        }

        var quantity = await MessagingTools.WaitForAsync(() => StockAsync(worker.Client), value => value >= 6, TimeSpan.FromSeconds(30));
        await Task.Delay(300); // a second delivery still in flight would change the count
        Assert.True(quantity == 6 && await StockAsync(worker.Client) == 6, worker.Log);

        var document = await DocumentAsync(worker);
        ContractCheck.AssertReadmeAgrees(folder, document, rateLimited: false, bearer: false);
        return await ContractCheck.RunAsync(worker, document, row.Id, bearer: null);
    }

    private static async Task<JsonObject> DocumentAsync(RunningApp app) =>
        JsonNode.Parse(await app.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!.AsObject();

    private static async Task<int> StockAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/stock/SKU-M", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound
            ? 0
            : (int)(await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["quantity"]!;
    }

    private static string NewSqliteFile(string folder) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(folder)!, "http-" + Guid.NewGuid().ToString("N")[..8])).FullName, "app.db");

    /// <summary>
    /// The settings a row's app needs to run here: a fresh database on its server engine (or the given SQLite file),
    /// and a queue of its own on the broker when it uses RabbitMQ.
    /// </summary>
    private static Dictionary<string, string> RowEnvironment(MatrixRow row, string sqliteFile)
    {
        var environment = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        environment["ConnectionStrings__Database"] = row.Engine != "sqlite"
            ? DatabaseServer.For(row.Engine).ConnectionStringFor("matrix_" + Guid.NewGuid().ToString("N")[..10])
            : $"Data Source={sqliteFile}";

        if (row.UsesRabbitMq)
        {
            environment["ConnectionStrings__RabbitMq"] = Broker.Uri ?? throw new InvalidOperationException("PK_TEST_RABBITMQ is not set.");
            environment["RabbitMq__QueueName"] = "pk-matrix-" + Guid.NewGuid().ToString("N")[..8];
        }

        return environment;
    }
}
