using PortfolioKit.Analyzers.Observability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK5003NoHealthChecksTests
{
    [Fact]
    public Task Reports_a_web_app_without_health_checks() =>
        Verify<NoHealthChecksMappedAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|PK5003:builder.Build()|};
            app.MapGet("/", () => "hello");
            app.Run();
            """);

    [Fact]
    public Task Ignores_an_app_that_maps_health_checks() =>
        Verify<NoHealthChecksMappedAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.Run();
            """);

    [Fact]
    public Task Ignores_an_app_that_maps_them_in_an_extension_method() =>
        Verify<NoHealthChecksMappedAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.Run();

            static class ServiceDefaults
            {
                public static WebApplication MapDefaultEndpoints(this WebApplication app) => app;
            }
            """);

    [Fact]
    public Task Ignores_a_hand_written_probe_and_the_middleware_form() =>
        Verify<NoHealthChecksMappedAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/healthz", () => "ok");
            app.Run();
            """);

    [Fact]
    public Task Ignores_code_that_does_not_build_a_web_application() =>
        Verify<NoHealthChecksMappedAnalyzer>.ProgramAsync("""
            using Microsoft.Extensions.Hosting;

            var host = Host.CreateApplicationBuilder(args).Build();
            host.Run();
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<NoHealthChecksMappedAnalyzer>.IncompleteAsync("""
            var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).
            """);
}
