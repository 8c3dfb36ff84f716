using PortfolioKit.Analyzers.Observability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK5001ConsoleOutputTests
{
    [Fact]
    public Task Reports_console_output_in_a_web_application() =>
        Verify<ConsoleOutputInServiceCodeAnalyzer>.ProgramAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapPost("/orders", (string id) =>
            {
                {|PK5001:Console.WriteLine($"Order {id} received")|};
                {|PK5001:Console.Error.WriteLine("oops")|};
                return id;
            });
            app.Run();
            """);

    [Fact]
    public Task Ignores_start_up_errors_written_before_the_host_exists() =>
        Verify<ConsoleOutputInServiceCodeAnalyzer>.ProgramAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Configuration;

            var builder = WebApplication.CreateBuilder(args);
            if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString("Db")))
            {
                Console.Error.WriteLine("ConnectionStrings:Db is not configured.");
                return 1;
            }

            var app = builder.Build();
            app.MapGet("/", () => { {|PK5001:Console.WriteLine("request")|}; return "ok"; });
            app.Run();
            return 0;
            """);

    [Fact]
    public Task Ignores_logging_and_other_writers() =>
        Verify<ConsoleOutputInServiceCodeAnalyzer>.LibraryAsync("""
            using System.IO;
            using Microsoft.Extensions.Logging;

            public class Orders(ILogger<Orders> logger, TextWriter audit)
            {
                public void Place(string id)
                {
                    logger.LogInformation("Order {OrderId} received", id);
                    audit.WriteLine(id);
                }
            }
            """);

    [Fact]
    public Task Ignores_reading_from_the_console() =>
        Verify<ConsoleOutputInServiceCodeAnalyzer>.LibraryAsync("""
            using System;

            public class Prompt
            {
                public string? Ask() => Console.ReadLine();

                public bool Redirected => Console.IsOutputRedirected;
            }
            """);

    [Fact]
    public Task Ignores_a_user_type_named_console() =>
        Verify<ConsoleOutputInServiceCodeAnalyzer>.LibraryAsync("""
            namespace Shop
            {
                public static class Console
                {
                    public static void WriteLine(string text) { }
                }

                public class Orders
                {
                    public void Place() => Console.WriteLine("placed");
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<ConsoleOutputInServiceCodeAnalyzer>.IncompleteAsync("""
            class C { void M() { {|PK5001:System.Console.WriteLine( |}} }
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
