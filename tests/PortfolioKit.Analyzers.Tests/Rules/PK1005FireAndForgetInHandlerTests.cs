using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK1005FireAndForgetInHandlerTests
{
    [Fact]
    public Task Reports_work_nothing_awaits_in_handlers() =>
        Verify<FireAndForgetInHandlerAnalyzer>.ProgramAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapPost("/orders", async (Mailer mailer) =>
            {
                _ = {|PK1005:Task.Run(() => mailer.SendAsync("order placed"))|};
                _ = {|PK1005:mailer.SendAsync("copy")|};
                await Task.Yield();
                return Results.Accepted();
            });
            app.MapPost("/sync", (Mailer mailer) =>
            {
                {|PK1005:mailer.SendAsync("sync")|};
                {|PK1005:ThreadPool.QueueUserWorkItem(_ => mailer.Log())|};
                return Results.Accepted();
            });
            app.Run();

            public class Mailer
            {
                public Task SendAsync(string text) => Task.CompletedTask;
                public void Log() { }
            }
            """);

    [Fact]
    public Task Reports_discarded_tasks_in_consumers_and_hosted_services() =>
        Verify<FireAndForgetInHandlerAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Poller(Mailer mailer) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        _ = {|PK1005:mailer.SendAsync("tick")|};
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }

            public class Mailer
            {
                public Task SendAsync(string text) => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task Ignores_awaited_stored_and_returned_tasks_and_code_outside_handlers() =>
        Verify<FireAndForgetInHandlerAnalyzer>.ProgramAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapPost("/a", async (Mailer mailer) => await mailer.SendAsync("a"));
            app.MapPost("/b", (Mailer mailer) => mailer.SendAsync("b"));
            app.MapPost("/c", async (Mailer mailer) =>
            {
                var pending = new List<Task> { mailer.SendAsync("c1") };
                var second = mailer.SendAsync("c2");
                pending.Add(second);
                await Task.WhenAll(pending);
            });
            _ = app.RunAsync();

            public class Mailer
            {
                public Task SendAsync(string text) => Task.CompletedTask;
            }

            public static class Startup
            {
                public static void Warm(Mailer mailer) => _ = mailer.SendAsync("warm-up");
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<FireAndForgetInHandlerAnalyzer>.IncompleteAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapPost("/x", () => { _ = {|PK1005:Task.Run(() =>|}
            """);
}
