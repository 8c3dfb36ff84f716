using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK2002UnboundedQueryTests
{
    [Fact]
    public Task Reports_whole_tables_returned_from_minimal_apis() =>
        Verify<UnboundedQueryReturnedAnalyzer>.ProgramAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/todos", async (AppDb db) => await {|PK2002:db.Todos.ToListAsync()|});
            app.MapGet("/done", async (AppDb db) =>
            {
                var done = await {|PK2002:db.Todos.Where(t => t.Done).OrderBy(t => t.Id).ToListAsync()|};
                return Results.Ok(done);
            });
            app.MapGet("/open", (AppDb db) => TypedResults.Ok({|PK2002:db.Todos.Where(t => !t.Done)|}));
            app.Run();
            """ + Snippets.TodoModel);

    [Fact]
    public Task Reports_controller_actions_and_method_group_handlers() =>
        Verify<UnboundedQueryReturnedAnalyzer>.ProgramAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/todos", TodoEndpoints.All);
            app.Run();

            static class TodoEndpoints
            {
                public static Task<List<Todo>> All(AppDb db) => {|PK2002:db.Todos.ToListAsync()|};
            }

            public class TodosController(AppDb db) : ControllerBase
            {
                [HttpGet]
                public async Task<IActionResult> Get() => Ok(await {|PK2002:db.Todos.ToArrayAsync()|});
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_paged_and_capped_queries() =>
        Verify<UnboundedQueryReturnedAnalyzer>.ProgramAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/todos", async (AppDb db, int page, int size) =>
                await db.Todos.OrderBy(t => t.Id).Skip(page * size).Take(size).ToListAsync());
            app.MapGet("/latest", (AppDb db) => db.Todos.OrderByDescending(t => t.Id).Take(10).Select(t => new TodoDto(t.Id, t.Title)).ToList());
            app.Run();
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_single_rows_and_aggregates() =>
        Verify<UnboundedQueryReturnedAnalyzer>.ProgramAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/todos/{id}", async (int id, AppDb db) => await db.Todos.FirstOrDefaultAsync(t => t.Id == id));
            app.MapGet("/todos/count", (AppDb db) => db.Todos.Count());
            app.Run();
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_lists_that_are_not_returned_or_not_in_endpoints() =>
        Verify<UnboundedQueryReturnedAnalyzer>.ProgramAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapPost("/todos/close", async (AppDb db) =>
            {
                var open = await db.Todos.Where(t => !t.Done).ToListAsync();
                foreach (var todo in open) todo.Done = true;
                return open.Count;
            });
            app.Run();

            public class Exporter(AppDb db)
            {
                public Task<List<Todo>> Everything() => db.Todos.ToListAsync();
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<UnboundedQueryReturnedAnalyzer>.IncompleteAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/todos", async (AppDb db) => await {|PK2002:db.Todos.ToListAsync(
            |}
            """ + Snippets.TodoModel);

    /// <summary>Regression (issue 20): raw SQL that limits its rows itself is bounded.</summary>
    [Fact]
    public Task Ignores_raw_sql_with_limit_top_or_fetch_first() =>
        Verify<UnboundedQueryReturnedAnalyzer>.ProgramAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/recent", (AppDb db, int n) => db.Todos.FromSql($"SELECT * FROM todos ORDER BY id DESC LIMIT {n}").ToList());
            app.MapGet("/top", (AppDb db) => db.Todos.FromSqlRaw("SELECT TOP (20) * FROM todos").ToList());
            app.MapGet("/fetch", (AppDb db) => db.Todos.FromSqlRaw("SELECT * FROM todos ORDER BY id FETCH FIRST 20 ROWS ONLY").Where(t => t.Done).ToList());
            app.MapGet("/all", (AppDb db) => {|PK2002:db.Todos.FromSqlRaw("SELECT * FROM todos WHERE done = 0").ToList()|});
            app.Run();
            """ + Snippets.TodoModel);
}
