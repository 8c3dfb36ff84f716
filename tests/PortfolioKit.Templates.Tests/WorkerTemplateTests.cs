using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;
using static PortfolioKit.Templates.Tests.Infrastructure.MessagingTools;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// The default worker: built with warnings as errors, its own tests, and the running host over HTTP: probes, messages
/// in, each consumed exactly once, a poison message dead-lettered, a SIGKILL and a SIGTERM part-way through a queue.
/// </summary>
public sealed class WorkerTemplateTests(WorkerSolution solution, TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<WorkerSolution>, IClassFixture<TemplatePackFixture>
{
    [Fact]
    public void Builds_without_warnings_and_the_output_is_clean_with_the_shared_files()
    {
        // -warnaserror: a warning anywhere fails the matrix build, so success means none.
        Assert.Equal(0, solution.Run.Build.ExitCode);
        Assert.DoesNotContain(RepositoryFindings.Warnings(solution.Run.Build.Output), line => line.Contains(solution.Folder, StringComparison.Ordinal));
        CleanOutput.AssertClean(solution.Folder);

        // Shared with backend-portfolio through template.json sources: present, and processed with this template's symbols.
        Assert.Contains($"Copyright (c) {DateTime.Now.Year} The Acme.Inventory contributors", File.ReadAllText(Path.Combine(solution.Folder, "LICENSE")), StringComparison.Ordinal);
        foreach (var shared in new[] { ".gitignore", ".dockerignore", "global.json", "dotnet-tools.json", ".github/dependabot.yml", ".github/workflows/codeql.yml", "docs/adr/0001-record-architecture-decisions.md" })
        {
            Assert.True(File.Exists(Path.Combine(solution.Folder, shared)), $"{shared} is missing.");
        }

        var files = OutputTree.Files(solution.Folder);
        Assert.Contains("src/Worker/Persistence/Migrations/Sqlite/AppDbContextModelSnapshot.cs", files);
        Assert.DoesNotContain(files, file => file.Contains("RabbitMq", StringComparison.Ordinal) || file.Contains("/Postgres/", StringComparison.Ordinal));
        Assert.DoesNotContain("RabbitMQ", File.ReadAllText(Path.Combine(solution.Folder, "Directory.Packages.props")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_own_tests_pass()
    {
        var results = await solution.TestResultsAsync();

        Assert.True(results.Failed == 0 && results.Skipped == 0 && results.Passed >= 35, results.ToString());
        output.WriteLine($"{results.Passed} generated tests of the worker passed.");
    }

    [Fact]
    public async Task Running_worker_answers_its_probes_consumes_each_message_once_and_dead_letters_poison()
    {
        var database = WorkerTools.NewDatabaseFile(pack);
        await using var worker = await RunningApp.StartAsync(solution.WorkerAssembly, WorkerTools.Environment(database));

        Assert.Equal("Healthy", await worker.Client.GetStringAsync(new Uri("/health/live", UriKind.Relative)));
        Assert.Equal("Healthy", await worker.Client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));

        var stopwatch = Stopwatch.StartNew();
        var ids = Enumerable.Range(1, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (id, quantity) in ids.Select((id, index) => (id, index + 1)))
        {
            await WorkerTools.SendAsync(worker.Client, id, "SKU-1", quantity);
        }

        // The producer retries every message: each arrives twice, after the first may already be consumed.
        foreach (var (id, quantity) in ids.Select((id, index) => (id, index + 1)))
        {
            await WorkerTools.SendAsync(worker.Client, id, "SKU-1", quantity);
        }

        var queued = await WaitForAsync(() => CountAsync(database, "QueuedMessages"), count => count == 0, TimeSpan.FromSeconds(30));
        Assert.True(queued == 0, worker.Log);
        Assert.Equal(20, await CountAsync(database, "ProcessedMessages"));
        var stock = await worker.Client.GetFromJsonAsync<JsonObject>("/api/stock/sku-1");
        Assert.Equal(210, (int)stock!["quantity"]!); // 1 + 2 + ... + 20, once
        output.WriteLine($"40 deliveries of 20 messages consumed in {stopwatch.ElapsedMilliseconds} ms.");

        var poison = Guid.NewGuid();
        await WorkerTools.SendAsync(worker.Client, poison, "SKU-1", -4);
        var reason = await WaitForAsync(
            async () => (await worker.Client.GetFromJsonAsync<JsonObject>("/api/dead-letters?limit=100"))!["items"]!.AsArray()
                .Where(item => (Guid)item!["messageId"]! == poison).Select(item => (string?)item!["reason"]).SingleOrDefault(),
            value => value is not null,
            TimeSpan.FromSeconds(30));
        Assert.Equal("PoisonMessageException: The quantity must be between 1 and 1000000; it was -4.", reason);
        Assert.Equal(210, (int)(await worker.Client.GetFromJsonAsync<JsonObject>("/api/stock/SKU-1"))!["quantity"]!);
        Assert.DoesNotContain("Unhandled exception", worker.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sigkill_and_a_sigterm_part_way_through_the_queue_lose_and_duplicate_nothing()
    {
        await using var turn = await LoadTests.TakeTurnAsync();
        // Enough that the worker is still far from the end at the first poll, even when this test process is
        // scheduled late on a busy machine (with 300 the worker once finished them all before the poll saw 60).
        const int Messages = 1000;
        var database = WorkerTools.NewDatabaseFile(pack);
        var expected = Enumerable.Range(0, Messages).Sum(i => 1 + (i % 5));

        // 1. Accept the work while nothing consumes it.
        await using (var intake = await RunningApp.StartAsync(solution.WorkerAssembly, WorkerTools.Environment(database, ("Messaging__ConsumerEnabled", "false"))))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await WorkerTools.SendAsync(intake.Client, Guid.NewGuid(), $"SKU-{i % 10}", 1 + (i % 5)));
        }

        Assert.Equal(Messages, await CountAsync(database, "QueuedMessages"));

        // 2. A worker is killed with SIGKILL part-way: its claimed messages stay leased (2 s here) and are taken over.
        //    Batches of 5 (not 20) keep it from finishing the queue before the first poll.
        await using (var worker = await RunningApp.StartAsync(
            solution.WorkerAssembly, WorkerTools.Environment(database, ("Messaging__Lease", "00:00:02"), ("Messaging__BatchSize", "5"))))
        {
            // Read with the worker frozen (SIGSTOP), killed before it runs again: the kill lands at the count read.
            await worker.KillWhenAsync(() => CountAsync(database, "ProcessedMessages"), count => count >= Messages / 5, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(10));
        }

        var afterKill = await CountAsync(database, "ProcessedMessages");
        Assert.InRange(afterKill, 1, Messages - 1);

        // 3. A worker stopped with SIGTERM finishes the batch in hand and releases a claim taken meanwhile at once: the
        //    next worker (with the default 30 s lease) does not have to wait for it to expire.
        await using (var worker = await RunningApp.StartAsync(solution.WorkerAssembly, WorkerTools.Environment(database)))
        {
            await WaitForAsync(() => CountAsync(database, "ProcessedMessages"), count => count >= afterKill + 40, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(10));
            Assert.Equal(0, await worker.StopGracefullyAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("Application is shutting down", worker.Log, StringComparison.Ordinal);
        }

        var afterStop = await CountAsync(database, "ProcessedMessages");
        Assert.Equal(0, await CountAsync(database, "QueuedMessages WHERE LockedUntil IS NOT NULL AND LockedUntil > datetime('now', '+5 seconds')"));

        var stopwatch = Stopwatch.StartNew();
        await using (var worker = await RunningApp.StartAsync(solution.WorkerAssembly, WorkerTools.Environment(database)))
        {
            // That no claim outlived the stop is checked above; this only waits for the rest, however busy the machine.
            var left = await WaitForAsync(() => CountAsync(database, "QueuedMessages"), count => count == 0, TimeSpan.FromMinutes(2));
            Assert.True(left == 0, $"{left} messages left.{Environment.NewLine}{worker.Log}");
            Assert.DoesNotContain("moved to the dead letters", worker.Log, StringComparison.Ordinal);
        }

        output.WriteLine($"SIGKILL after {afterKill} of {Messages}, SIGTERM after {afterStop}; the rest took {stopwatch.Elapsed.TotalSeconds:F1} s.");
        Assert.Equal(Messages, await CountAsync(database, "ProcessedMessages"));
        Assert.Equal(0, await CountAsync(database, "DeadLetters"));
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), await SqliteAsync(database, "SELECT SUM(Quantity) FROM StockLevels;"));
    }

    [Fact]
    public async Task Help_describes_every_option()
    {
        var raw = (await pack.DotNetNewAsync(["backend-worker", "--help"], pack.WorkRoot)).EnsureSuccess("dotnet new backend-worker --help").Output;
        // The help wraps descriptions to the console's width; compare with the wrapping undone.
        var help = System.Text.RegularExpressions.Regex.Replace(raw, @"\s+", " ");

        foreach (var expected in new[]
        {
            "--author-name <author-name>", "The author named as copyright holder in LICENSE.",
            "--license <choice>", "MIT: short and permissive", "Apache 2.0: permissive", "No LICENSE file",
            "--database <choice>", "SQLite: a file under src/Worker/data", "PostgreSQL through Npgsql", "MySQL or MariaDB through Oracle's",
            "--messaging <choice>", "In-process: a durable queue table", "RabbitMQ: a durable queue with persistent messages", "Default: inprocess",
            "--git", "Run 'git init' and make a first commit", "--no-restore", "Do not run 'dotnet restore'",
        })
        {
            Assert.Contains(expected, help, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("--auth <", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_messaging_choice_is_refused_with_the_valid_choices_and_writes_nothing()
    {
        var folder = Path.Combine(pack.WorkRoot, "refused-worker-" + Guid.NewGuid().ToString("N")[..8]);

        var result = await pack.DotNetNewAsync(["backend-worker", "-n", "Refused", "-o", folder, "--messaging", "kafka", "--no-update-check"], pack.WorkRoot);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("kafka", result.Output, StringComparison.Ordinal);
        Assert.Contains("rabbitmq", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Any_name_gives_a_valid_namespace_and_clean_output()
    {
        // Generation only, all names at once: the option matrix builds, tests and runs the worker under these names.
        await Task.WhenAll(ProjectNameTests.Names.Select(async row =>
        {
            var (name, expectedNamespace) = ((string)row[1], (string)row[2]);
            var folder = await pack.GenerateAsync("backend-worker", name, "--database", "postgres", "--messaging", "rabbitmq");

            Assert.Equal(name, Path.GetFileName(folder));
            Assert.True(File.Exists(Path.Combine(folder, expectedNamespace + ".slnx")), $"Expected {expectedNamespace}.slnx in {folder}.");
            Assert.Contains($"namespace {expectedNamespace}.Worker.Messaging;", File.ReadAllText(Path.Combine(folder, "src/Worker/Messaging/MessageProcessor.cs")), StringComparison.Ordinal);
            CleanOutput.AssertClean(folder);
        }));
    }

    private static async Task<int> CountAsync(string database, string table) =>
        int.Parse(await SqliteAsync(database, $"SELECT COUNT(*) FROM {table};"), CultureInfo.InvariantCulture);
}
