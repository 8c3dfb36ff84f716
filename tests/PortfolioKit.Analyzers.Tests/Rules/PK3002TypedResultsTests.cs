using PortfolioKit.Analyzers.ApiDesign;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK3002TypedResultsTests
{
    [Fact]
    public Task Reports_results_returned_from_lambdas_and_method_groups() =>
        Verify<UseTypedResultsAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/ping", () => {|PK3002:Results.Ok("pong")|});
            app.MapGet("/items/{id}", (int id) => id > 0 ? {|PK3002:Results.Ok(id)|} : {|PK3002:Results.NotFound()|});
            var group = app.MapGroup("/api");
            group.MapDelete("/items/{id}", Handlers.Delete);
            app.Run();

            static class Handlers
            {
                public static IResult Delete(int id) => {|PK3002:Results.NoContent()|};
            }
            """);

    [Fact]
    public Task Ignores_typed_results() =>
        Verify<UseTypedResultsAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.HttpResults;

            var app = WebApplication.Create();
            app.MapGet("/ping", () => TypedResults.Ok("pong"));
            app.MapGet("/items/{id}", Results<Ok<int>, NotFound> (int id) => id > 0 ? TypedResults.Ok(id) : TypedResults.NotFound());
            app.Run();
            """);

    [Fact]
    public Task Ignores_results_outside_endpoint_handlers() =>
        Verify<UseTypedResultsAnalyzer>.LibraryAsync("""
            using Microsoft.AspNetCore.Http;

            public static class ErrorResults
            {
                public static IResult Conflict(string detail) => Results.Problem(detail, statusCode: 409);
            }
            """);

    [Fact]
    public Task Ignores_results_that_are_not_returned() =>
        Verify<UseTypedResultsAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/ping", () =>
            {
                var unused = Results.Ok();
                return "pong";
            });
            app.MapGet("/json", () => Results.Extensions);
            app.MapGet("/", () => Results.Redirect("/scalar/v1"));
            app.MapGet("/login", () => Results.Challenge());
            app.Run();
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<UseTypedResultsAnalyzer>.IncompleteAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            var app = WebApplication.Create();
            app.MapGet("/ping", () => {|PK3002:Results.Ok(|}
            """);
}
