using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK1004SyncOverAsyncInHandlerTests
{
    [Fact]
    public Task Reports_blocking_waits_in_minimal_api_handlers() =>
        Verify<SyncOverAsyncInHandlerAnalyzer>.ProgramAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/orders/{id}", (int id, OrderStore store) => {|PK1004:store.FindAsync(id).Result|});
            app.MapPost("/orders", (OrderStore store) =>
            {
                {|PK1004:store.SaveAsync().Wait()|};
                return Results.Accepted();
            });
            app.MapDelete("/orders/{id}", Delete);
            app.Run();

            static IResult Delete(int id, OrderStore store)
            {
                {|PK1004:store.DeleteAsync(id).GetAwaiter().GetResult()|};
                return Results.NoContent();
            }

            public class OrderStore
            {
                public Task<string> FindAsync(int id) => Task.FromResult(id.ToString());
                public Task SaveAsync() => Task.CompletedTask;
                public Task DeleteAsync(int id) => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task Reports_blocking_waits_in_controllers_consumers_and_hosted_services() =>
        Verify<SyncOverAsyncInHandlerAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Hosting;

            public class OrdersController(Store store) : ControllerBase
            {
                [HttpGet("{id}")]
                public ActionResult<string> Get(int id) => {|PK1004:store.FindAsync(id).ConfigureAwait(false).GetAwaiter().GetResult()|};
            }

            public class Outbox(Store store) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var next = {|PK1004:store.FindAsync(1).Result|};
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }

            public class Store
            {
                public Task<string> FindAsync(int id) => Task.FromResult(id.ToString());
            }
            """);

    [Fact]
    public Task Ignores_finished_tasks_dispose_and_code_outside_handlers() =>
        Verify<SyncOverAsyncInHandlerAnalyzer>.ProgramAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.Create();
            app.MapGet("/both", async (Store store) =>
            {
                var first = store.FindAsync(1);
                var second = store.FindAsync(2);
                await Task.WhenAll(first, second);
                return first.Result + second.Result;
            });
            app.MapGet("/cached", (Store store) =>
            {
                var cached = store.FindAsync(3);
                return cached.IsCompletedSuccessfully ? cached.Result : "pending";
            });
            app.MapGet("/constant", () => Task.FromResult(42).Result);
            app.Run();

            public class Store
            {
                public Task<string> FindAsync(int id) => Task.FromResult(id.ToString());
            }

            // Not request handling: a seeding helper EF Core calls synchronously, and a hosted service's Dispose.
            public static class Seed
            {
                public static void Run(Store store) => store.FindAsync(0).GetAwaiter().GetResult();
            }

            public class Worker(Store store) : BackgroundService
            {
                protected override Task ExecuteAsync(System.Threading.CancellationToken token) => Task.CompletedTask;

                public override void Dispose()
                {
                    store.FindAsync(0).Wait();
                    base.Dispose();
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<SyncOverAsyncInHandlerAnalyzer>.IncompleteAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapGet("/x", (Store s) => {|PK1004:s.FindAsync(1).Result|}.
            public class Store { public Task<string> FindAsync(int id) => Task.FromResult("");
            """);
}
