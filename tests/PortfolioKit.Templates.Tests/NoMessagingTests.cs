using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// `--messaging none` and backend-api (which is the flagship without messaging): the ordering service without any
/// queue code, and still green. The solutions are the option matrix's rows, built and tested there once.
/// </summary>
public sealed class NoMessagingTests(TemplatePackFixture pack) : IClassFixture<TemplatePackFixture>
{
    [Fact]
    public async Task Has_no_queue_code_in_any_row_without_messaging()
    {
        var run = await OptionMatrix.GenerateOnceAsync(pack);
        var rows = run.Rows.Where(row => row.Template == "backend-api" || row.Choices.GetValueOrDefault("messaging") == "none").ToList();
        // backend-api rows, and their twins: backend-portfolio --messaging none.
        var folders = rows.Select(row => (row, run.Folders[row.Id])).Concat(rows.Where(row => run.Twins.ContainsKey(row.Id)).Select(row => (row, run.Twins[row.Id]))).ToList();
        Assert.Contains(folders, entry => entry.Item2.Contains("/twin/", StringComparison.Ordinal));

        foreach (var (row, folder) in folders)
        {
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(file => !Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .ToList();
            (string Word, StringComparison Comparison)[] queueWords =
            [
                ("Outbox", StringComparison.OrdinalIgnoreCase), ("DeadLetter", StringComparison.OrdinalIgnoreCase), ("dead-letter", StringComparison.OrdinalIgnoreCase),
                ("ProcessedMessage", StringComparison.Ordinal), ("Messaging", StringComparison.Ordinal), ("Confirmed", StringComparison.Ordinal),
            ];
            var mentions = files
                .Select(file => (File: Path.GetRelativePath(folder, file), Text: File.ReadAllText(file)))
                .Select(file => (file.File, Words: queueWords.Where(word => file.Text.Contains(word.Word, word.Comparison)).Select(word => word.Word).ToList()))
                .Where(mention => mention.Words.Count > 0)
                .Select(mention => $"{mention.File} ({string.Join(", ", mention.Words)})")
                .ToList();
            Assert.True(mentions.Count == 0, $"{row}: {string.Join(", ", mentions)}");
            Assert.DoesNotContain(files, file => file.Contains("AddMessaging", StringComparison.Ordinal) || file.Contains("-transactional-outbox-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Placed_orders_stay_placed()
    {
        var folder = (await OptionMatrix.RunOnceAsync(pack)).BuiltFolder(
            row => row.Template == "backend-api" && row.Engine == "sqlite" && row.Choices["auth"] == "none",
            "backend-api on SQLite without --auth jwt");

        await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(folder));
        var placed = await app.Client.PostAsJsonAsync("/api/orders", new { customerEmail = "plain@example.com", lines = new[] { new { productId = 1, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<JsonObject>(Json))!;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var current = (await app.Client.GetFromJsonAsync<JsonObject>($"/api/orders/{order["id"]}", Json))!;
        Assert.Equal("Placed", (string?)current["status"]);
        var deadLetters = await app.Client.GetAsync(new Uri("/api/dead-letters", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, deadLetters.StatusCode);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
