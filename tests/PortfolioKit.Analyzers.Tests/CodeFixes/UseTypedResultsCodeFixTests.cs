using PortfolioKit.Analyzers.ApiDesign;
using PortfolioKit.Analyzers.CodeFixes;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.CodeFixes;

public class UseTypedResultsCodeFixTests
{
    [Fact]
    public Task Single_result_lambda_and_IResult_method_are_rewritten() =>
        VerifyFix<UseTypedResultsAnalyzer, UseTypedResultsCodeFixProvider>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/ping", () => {|PK3002:Results.Ok("pong")|});
            app.MapDelete("/items/{id}", Handlers.Delete);
            app.Run();

            static class Handlers
            {
                public static IResult Delete(int id) => id > 0 ? {|PK3002:Results.NoContent()|} : {|PK3002:Microsoft.AspNetCore.Http.Results.NotFound()|};
            }
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/ping", () => TypedResults.Ok("pong"));
            app.MapDelete("/items/{id}", Handlers.Delete);
            app.Run();

            static class Handlers
            {
                public static IResult Delete(int id) => id > 0 ? TypedResults.NoContent() : Microsoft.AspNetCore.Http.TypedResults.NotFound();
            }
            """,
            Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck);

    [Fact]
    public Task No_fix_when_an_inferred_lambda_has_several_outcomes() =>
        VerifyFix<UseTypedResultsAnalyzer, UseTypedResultsCodeFixProvider>.NoFixAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/items/{id}", (int id) => id > 0 ? {|PK3002:Results.Ok(id)|} : {|PK3002:Results.NotFound()|});
            app.Run();
            """);
}
