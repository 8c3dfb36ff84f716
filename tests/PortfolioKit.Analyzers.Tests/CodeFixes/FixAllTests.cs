using PortfolioKit.Analyzers.ApiDesign;
using PortfolioKit.Analyzers.CodeFixes;
using PortfolioKit.Analyzers.Observability;
using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.CodeFixes;

/// <summary>
/// Every code fix through Fix All in document, project and solution: two documents of one project and a document of a
/// second project, each with more than one diagnostic. The testing library also applies each fix one at a time and
/// checks every scope against the same fixed sources.
/// </summary>
public class FixAllTests
{
    [Fact]
    public Task PK1001_creates_every_client_with_the_factory_in_scope()
    {
        const string before = """
            using System.Net.Http;

            public class Prices{0}(IHttpClientFactory factory)
            {
                public HttpClient A() => {|PK1001:new HttpClient()|};
                public HttpClient B() { using var client = {|PK1001:new HttpClient()|}; return client; }
            }
            """;
        const string after = """
            using System.Net.Http;

            public class Prices{0}(IHttpClientFactory factory)
            {
                public HttpClient A() => factory.CreateClient();
                public HttpClient B() { using var client = factory.CreateClient(); return client; }
            }
            """;
        return Three<HttpClientCreatedPerUseAnalyzer, HttpClientFactoryCodeFixProvider>((before), (after));
    }

    [Fact]
    public Task PK1002_awaits_task_delay_everywhere() =>
        Three<ThreadSleepInAsyncCodeAnalyzer, ThreadSleepCodeFixProvider>("""
            using System.Threading;
            using System.Threading.Tasks;

            public class Poller{0}
            {
                public async Task A(CancellationToken ct) { {|PK1002:Thread.Sleep(10)|}; await Task.Yield(); }
                public async Task B() { {|PK1002:Thread.Sleep(20)|}; await Task.Yield(); }
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;

            public class Poller{0}
            {
                public async Task A(CancellationToken ct) { await Task.Delay(10, ct); await Task.Yield(); }
                public async Task B() { await Task.Delay(20); await Task.Yield(); }
            }
            """);

    [Fact]
    public Task PK1004_awaits_every_blocked_task() =>
        Three<SyncOverAsyncInHandlerAnalyzer, AwaitBlockingWaitCodeFixProvider>(("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Worker{0}(Store store) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var name = {|PK1004:store.FindAsync(1).Result|};
                    {|PK1004:store.SaveAsync().GetAwaiter().GetResult()|};
                    await Task.Yield();
                }
            }

            public class Store{0}
            {
                public Task<string> FindAsync(int id) => Task.FromResult("");
                public Task SaveAsync() => Task.CompletedTask;
            }
            """.Replace("(Store store)", "(Store{0} store)", StringComparison.Ordinal)), ("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Worker{0}(Store store) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var name = await store.FindAsync(1);
                    await store.SaveAsync();
                    await Task.Yield();
                }
            }

            public class Store{0}
            {
                public Task<string> FindAsync(int id) => Task.FromResult("");
                public Task SaveAsync() => Task.CompletedTask;
            }
            """.Replace("(Store store)", "(Store{0} store)", StringComparison.Ordinal)));

    [Fact]
    public Task PK1005_awaits_every_discarded_task() =>
        Three<FireAndForgetInHandlerAnalyzer, AwaitDiscardedTaskCodeFixProvider>(("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Worker{0} : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _ = {|PK1005:SendAsync("a")|};
                    _ = {|PK1005:Task.Run(() => SendAsync("b"))|};
                    await Task.Yield();
                }

                private static Task SendAsync(string text) => Task.CompletedTask;
            }
            """), ("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Worker{0} : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await SendAsync("a");
                    await Task.Run(() => SendAsync("b"));
                    await Task.Yield();
                }

                private static Task SendAsync(string text) => Task.CompletedTask;
            }
            """));

    [Fact]
    public Task PK2001_parameterises_every_raw_query() =>
        Three<SqlBuiltFromStringsAnalyzer, ParameterizedSqlCodeFixProvider>("""
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Queries{0}(AppDb db)
            {
                public IQueryable<Todo> A(string t) => db.Todos.FromSqlRaw({|PK2001:$"SELECT * FROM Todos WHERE Title = '{t}'"|});
                public IQueryable<Todo> B(string t) => db.Todos.FromSqlRaw({|PK2001:"SELECT * FROM Todos WHERE Title = '" + t + "'"|});
            }
            """, """
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Queries{0}(AppDb db)
            {
                public IQueryable<Todo> A(string t) => db.Todos.FromSql($"SELECT * FROM Todos WHERE Title = {t}");
                public IQueryable<Todo> B(string t) => db.Todos.FromSql($"SELECT * FROM Todos WHERE Title = {t}");
            }
            """, Snippets.TodoModel);

    [Fact]
    public Task PK2004_saves_once_after_each_loop() =>
        Three<SaveChangesInsideLoopAnalyzer, SaveChangesAfterLoopCodeFixProvider>("""
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Import{0}(AppDb db)
            {
                public async Task Run(List<string> titles, List<int> ids)
                {
                    foreach (var title in titles)
                    {
                        db.Todos.Add(new Todo { Title = title });
                        await {|PK2004:db.SaveChangesAsync()|};
                    }

                    for (var i = 0; i < ids.Count; i++)
                    {
                        db.Todos.Add(new Todo { ListId = ids[i] });
                        {|PK2004:db.SaveChanges()|};
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Import{0}(AppDb db)
            {
                public async Task Run(List<string> titles, List<int> ids)
                {
                    foreach (var title in titles)
                    {
                        db.Todos.Add(new Todo { Title = title });
                    }
                    await db.SaveChangesAsync();

                    for (var i = 0; i < ids.Count; i++)
                    {
                        db.Todos.Add(new Todo { ListId = ids[i] });
                    }
                    db.SaveChanges();
                }
            }
            """, Snippets.TodoModel);

    [Fact]
    public Task PK3002_uses_typed_results_in_every_handler() =>
        Three<UseTypedResultsAnalyzer, UseTypedResultsCodeFixProvider>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class Endpoints{0}
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapGet("/a{0}", () => {|PK3002:Results.Ok("a")|});
                    app.MapGet("/b{0}", () => {|PK3002:Results.NoContent()|});
                }
            }
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class Endpoints{0}
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapGet("/a{0}", () => TypedResults.Ok("a"));
                    app.MapGet("/b{0}", () => TypedResults.NoContent());
                }
            }
            """);

    [Fact]
    public Task PK5001_logs_every_console_write_with_the_logger_in_scope() =>
        Three<ConsoleOutputInServiceCodeAnalyzer, ConsoleToLoggerCodeFixProvider>(("""
            using System;
            using Microsoft.Extensions.Logging;

            public class Orders{0}(ILogger<Orders{0}> logger)
            {
                public void Paid(Order order, TimeSpan took)
                {
                    {|PK5001:Console.WriteLine($"Order {order.Id} paid in {took.TotalMilliseconds:N0} ms")|};
                    {|PK5001:Console.Error.WriteLine("Refund {pending}")|};
                }
            }

            public record Order(int Id);
            """.Replace("record Order(", "record Order{0}(", StringComparison.Ordinal).Replace("(Order order", "(Order{0} order", StringComparison.Ordinal)), ("""
            using System;
            using Microsoft.Extensions.Logging;

            public class Orders{0}(ILogger<Orders{0}> logger)
            {
                public void Paid(Order order, TimeSpan took)
                {
                    logger.LogInformation("Order {OrderId} paid in {TookTotalMilliseconds:N0} ms", order.Id, took.TotalMilliseconds);
                    logger.LogError("Refund {{pending}}");
                }
            }

            public record Order(int Id);
            """.Replace("record Order(", "record Order{0}(", StringComparison.Ordinal).Replace("(Order order", "(Order{0} order", StringComparison.Ordinal)));

    [Fact]
    public Task PK5002_reads_every_clock_from_the_time_provider() =>
        Three<SystemClockInsteadOfTimeProviderAnalyzer, SystemClockCodeFixProvider>(("""
            using System;

            public class Invoices{0}(TimeProvider clock)
            {
                public bool Overdue(DateTime due) => due < {|PK5002:DateTime.UtcNow|};
                public DateTimeOffset Stamp() => {|PK5002:DateTimeOffset.UtcNow|};
            }
            """), ("""
            using System;

            public class Invoices{0}(TimeProvider clock)
            {
                public bool Overdue(DateTime due) => due < clock.GetUtcNow().UtcDateTime;
                public DateTimeOffset Stamp() => clock.GetUtcNow();
            }
            """));

    /// <summary>One application per project: PK5003 is about the project, so a second Build() in it would be satisfied by the first fix.</summary>
    [Fact]
    public Task PK5003_maps_health_checks_in_every_application()
    {
        const string before = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Host{0}
            {
                public static void Run(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var app = {|PK5003:builder.Build()|};
                    app.Run();
                }
            }
            """;
        const string after = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Host{0}
            {
                public static void Run(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddHealthChecks();
                    var app = builder.Build();
                    app.MapHealthChecks("/health");
                    app.Run();
                }
            }
            """;
        const string plain = "public static class Settings { public const int Port = 8080; }\n";
        return VerifyFix<NoHealthChecksMappedAnalyzer, MapHealthChecksCodeFixProvider>.FixAllAsync(
            [before.Replace("{0}", "A", StringComparison.Ordinal), plain],
            [after.Replace("{0}", "A", StringComparison.Ordinal), plain],
            before.Replace("{0}", "C", StringComparison.Ordinal),
            after.Replace("{0}", "C", StringComparison.Ordinal),
            Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck);
    }

    [Fact]
    public Task PK5004_logs_every_swallowed_exception() =>
        Three<SwallowedExceptionAnalyzer, LogSwallowedExceptionCodeFixProvider>("""
            using System;
            using Microsoft.Extensions.Logging;

            public class Rates{0}(ILogger<Rates{0}> logger)
            {
                public decimal? Find(string code)
                {
                    try { return decimal.Parse(code); }
                    {|PK5004:catch (Exception ex)|} { return null; }
                }

                public bool Refresh()
                {
                    try { return Find("x") is not null; }
                    {|PK5004:catch|} { return false; }
                }
            }
            """, """
            using System;
            using Microsoft.Extensions.Logging;

            public class Rates{0}(ILogger<Rates{0}> logger)
            {
                public decimal? Find(string code)
                {
                    try { return decimal.Parse(code); }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Find failed");
                        return null;
                    }
                }

                public bool Refresh()
                {
                    try { return Find("x") is not null; }
                    catch (System.Exception exception)
                    {
                        logger.LogError(exception, "Refresh failed");
                        return false;
                    }
                }
            }
            """);

    /// <summary>
    /// Runs the fix over three copies of <paramref name="before"/> ({0} replaced by A, B and C so that the types do not
    /// clash): two documents of the test project and one of a second project.
    /// </summary>
    private static Task Three<TAnalyzer, TCodeFix>(string before, string after, string shared = "")
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
        where TCodeFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        string Copy(string text, string suffix, bool withShared) => text.Replace("{0}", suffix, StringComparison.Ordinal) + (withShared ? shared : string.Empty);
        return VerifyFix<TAnalyzer, TCodeFix>.FixAllAsync(
            [Copy(before, "A", withShared: true), Copy(before, "B", withShared: false)],
            [Copy(after, "A", withShared: true), Copy(after, "B", withShared: false)],
            Copy(before, "C", withShared: true),
            Copy(after, "C", withShared: true));
    }
}
