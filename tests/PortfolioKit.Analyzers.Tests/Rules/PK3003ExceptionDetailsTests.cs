using PortfolioKit.Analyzers.ApiDesign;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK3003ExceptionDetailsTests
{
    [Fact]
    public Task Reports_exception_details_in_results_and_responses() =>
        Verify<ExceptionDetailsSentToClientAnalyzer>.ProgramAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Diagnostics;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/a", () =>
            {
                try { return Results.Ok(); }
                catch (Exception ex) { return Results.Problem({|PK3003:ex.Message|}); }
            });
            app.MapGet("/b", () =>
            {
                try { return "ok"; }
                catch (InvalidOperationException ex) { return {|PK3003:ex.ToString()|}; }
            });
            app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()!.Error;
                await context.Response.WriteAsJsonAsync(new { message = {|PK3003:error.Message|}, trace = {|PK3003:error.StackTrace|} });
            }));
            app.Run();
            """);

    [Fact]
    public Task Reports_controllers_and_problem_details() =>
        Verify<ExceptionDetailsSentToClientAnalyzer>.LibraryAsync("""
            using System;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                public IActionResult Post()
                {
                    try { return Ok(); }
                    catch (Exception ex)
                    {
                        var problem = new ProblemDetails { Detail = {|PK3003:ex.InnerException?.Message|} };
                        return BadRequest($"Failed: {|PK3003:{ex}|}");
                    }
                }
            }
            """);

    [Fact]
    public Task Ignores_messages_of_the_applications_own_and_validation_exceptions() =>
        Verify<ExceptionDetailsSentToClientAnalyzer>.ProgramAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapPost("/orders", () =>
            {
                try { return Results.Ok(); }
                catch (OrderRejectedException ex) { return Results.BadRequest(ex.Message); }
                catch (System.ComponentModel.DataAnnotations.ValidationException ex) { return Results.BadRequest(ex.Message); }
            });
            app.Run();

            public class OrderRejectedException(string message) : Exception(message);
            """);

    [Fact]
    public Task Ignores_details_shown_only_in_development() =>
        Verify<ExceptionDetailsSentToClientAnalyzer>.ProgramAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.Create();
            app.MapGet("/a", (IHostEnvironment env) =>
            {
                try { return Results.Ok(); }
                catch (Exception ex)
                {
                    return Results.Problem(env.IsDevelopment() ? ex.ToString() : "Unexpected error");
                }
            });
            app.Run();
            """);

    [Fact]
    public Task Ignores_exceptions_that_are_only_logged() =>
        Verify<ExceptionDetailsSentToClientAnalyzer>.ProgramAsync("""
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;

            var app = WebApplication.Create();
            app.MapGet("/a", (ILogger<Program> logger) =>
            {
                try { return Results.Ok(); }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Failed: {Message}", ex.Message);
                    return Results.Problem("Unexpected error");
                }
            });
            app.Run();
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<ExceptionDetailsSentToClientAnalyzer>.IncompleteAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            var app = WebApplication.Create();
            app.MapGet("/a", () => { try { return Results.Ok(); } catch (System.Exception ex) { return Results.Problem(ex.
            """);
}
