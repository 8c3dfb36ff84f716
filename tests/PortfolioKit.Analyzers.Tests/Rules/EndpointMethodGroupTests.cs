using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.ApiDesign;
using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

/// <summary>
/// Handlers passed as method groups are analysed from the body the analyzer driver delivers, whichever of the
/// handler body and its <c>Map*</c> call the driver reaches first: the handler declared before or after the
/// mapping, in the same file or in another one, mapped once or several times.
/// </summary>
public class EndpointMethodGroupTests
{
    private const string Endpoints = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.EntityFrameworkCore;

        public static class TodoEndpoints
        {
            public static Task<List<Todo>> Before(AppDb db) => {|PK2002:db.Todos.ToListAsync()|};

            public static void Map(IEndpointRouteBuilder app)
            {
                var group = app.MapGroup("/todos");
                group.MapGet("/before", Before);
                group.MapGet("/after", After);
                group.MapGet("/again", After);
                group.MapGet("/paged", Paged);
                group.MapGet("/elsewhere", OtherEndpoints.Elsewhere);
            }

            public static async Task<IResult> After(AppDb db)
            {
                var items = await {|PK2002:db.Todos.Where(t => !t.Done).ToListAsync()|};
                return TypedResults.Ok(items);
            }

            public static Task<List<Todo>> Paged(AppDb db, int page) => db.Todos.OrderBy(t => t.Id).Skip(page * 20).Take(20).ToListAsync();

            // Not mapped: not an endpoint.
            public static Task<List<Todo>> Unmapped(AppDb db) => db.Todos.ToListAsync();
        }
        """;

    private const string OtherFile = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;

        public static class OtherEndpoints
        {
            public static Task<Todo[]> Elsewhere(AppDb db) => {|PK2002:db.Todos.ToArrayAsync()|};
        }
        """;

    /// <summary><c>After</c> is mapped twice and reported once.</summary>
    [Fact]
    public Task PK2002_analyses_method_group_handlers_before_and_after_the_mapping_and_in_other_files() =>
        RunAsync<UnboundedQueryReturnedAnalyzer>(Endpoints, OtherFile + Snippets.TodoModel);

    [Fact]
    public Task PK3001_analyses_method_group_handlers_in_any_order() =>
        RunAsync<EntityReturnedFromEndpointAnalyzer>("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class TodoEndpoints
            {
                public static IResult Before(int id, AppDb db) => db.Todos.Find(id) is { } todo ? Results.Ok({|PK3001:todo|}) : Results.NotFound();

                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapGet("/todos/{id}", Before);
                    app.MapGet("/todos", After);
                    app.MapGet("/dtos", Dtos);
                }

                public static IResult After(AppDb db)
                {
                    var todos = {|PK3001:db.Todos.Take(10).ToList()|};
                    return TypedResults.Ok(todos);
                }

                public static TodoDto[] Dtos(AppDb db) => db.Todos.Take(10).Select(t => new TodoDto(t.Id, t.Title)).ToArray();
            }
            """, Snippets.TodoModel);

    private static Task RunAsync<TAnalyzer>(string first, string second)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
        };
        test.TestState.Sources.Add(("Endpoints.cs", first));
        test.TestState.Sources.Add(("Other.cs", second));
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        test.TestState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        return test.RunAsync();
    }
}
