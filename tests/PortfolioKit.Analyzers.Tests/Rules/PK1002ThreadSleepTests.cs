using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK1002ThreadSleepTests
{
    [Fact]
    public Task Reports_sleep_in_an_async_method() =>
        Verify<ThreadSleepInAsyncCodeAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            public class Importer
            {
                public async Task RunAsync()
                {
                    {|PK1002:Thread.Sleep(500)|};
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task Reports_sleep_anywhere_in_a_hosted_service() =>
        Verify<ThreadSleepInAsyncCodeAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Poller : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    Wait();
                    return Task.CompletedTask;
                }

                private static void Wait() => {|PK1002:Thread.Sleep(1000)|};
            }
            """);

    [Fact]
    public Task Ignores_sleep_in_synchronous_code_outside_hosted_services() =>
        Verify<ThreadSleepInAsyncCodeAnalyzer>.LibraryAsync("""
            using System.Threading;

            public class Retry
            {
                public void Backoff(int attempt) => Thread.Sleep(attempt * 100);
            }
            """);

    [Fact]
    public Task Ignores_a_synchronous_lambda_inside_an_async_method() =>
        Verify<ThreadSleepInAsyncCodeAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public async Task RunAsync()
                {
                    var thread = new Thread(() => Thread.Sleep(10));
                    thread.Start();
                    await Task.Delay(10);
                }
            }
            """);

    [Fact]
    public Task Ignores_task_delay_and_other_sleep_methods() =>
        Verify<ThreadSleepInAsyncCodeAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            public static class Clock
            {
                public static void Sleep(int ms) { }
            }

            public class Worker
            {
                public async Task RunAsync(CancellationToken token)
                {
                    Clock.Sleep(5);
                    await Task.Delay(10, token);
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<ThreadSleepInAsyncCodeAnalyzer>.IncompleteAsync("""
            using System.Threading;

            async System.Threading.Tasks.Task Go()
            {
                Thread.Sleep(
            """);
}
