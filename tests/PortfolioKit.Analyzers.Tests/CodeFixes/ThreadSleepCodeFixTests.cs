using PortfolioKit.Analyzers.CodeFixes;
using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.CodeFixes;

public class ThreadSleepCodeFixTests
{
    [Fact]
    public Task Sleep_in_a_background_service_uses_the_stopping_token() =>
        VerifyFix<ThreadSleepInAsyncCodeAnalyzer, ThreadSleepCodeFixProvider>.LibraryAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Poller : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        {|PK1002:Thread.Sleep(TimeSpan.FromSeconds(5))|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Poller : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    }
                }
            }
            """);

    [Fact]
    public Task Sleep_in_an_async_lambda_uses_its_token_and_adds_the_using() =>
        VerifyFix<ThreadSleepInAsyncCodeAnalyzer, ThreadSleepCodeFixProvider>.ProgramAsync("""
            using System.Threading;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapGet("/slow", async (CancellationToken ct) =>
            {
                {|PK1002:Thread.Sleep(100)|};
                return "done";
            });
            app.Run();
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapGet("/slow", async (CancellationToken ct) =>
            {
                await Task.Delay(100, ct);
                return "done";
            });
            app.Run();
            """);

    [Fact]
    public Task Sleep_without_a_token_in_scope_is_awaited_without_one() =>
        VerifyFix<ThreadSleepInAsyncCodeAnalyzer, ThreadSleepCodeFixProvider>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            public class Importer
            {
                public async Task RunAsync()
                {
                    {|PK1002:Thread.Sleep(250)|};
                }
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;

            public class Importer
            {
                public async Task RunAsync()
                {
                    await Task.Delay(250);
                }
            }
            """);

    [Fact]
    public Task No_fix_in_synchronous_hosted_service_code_or_inside_lock() =>
        VerifyFix<ThreadSleepInAsyncCodeAnalyzer, ThreadSleepCodeFixProvider>.NoFixAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Poller : BackgroundService
            {
                private readonly object _gate = new();

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    lock (_gate)
                    {
                        {|PK1002:Thread.Sleep(10)|};
                    }

                    await Task.Yield();
                }

                private static void Wait() => {|PK1002:Thread.Sleep(10)|};
            }
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
