using PortfolioKit.Analyzers.ApiDesign;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK3001EntityReturnedTests
{
    [Fact]
    public Task Reports_entities_in_minimal_api_responses() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.ProgramAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.EntityFrameworkCore;

            var app = WebApplication.Create();
            app.MapGet("/todos/{id}", async (int id, AppDb db) =>
                await db.Todos.FindAsync(id) is Todo todo ? Results.Ok({|PK3001:todo|}) : Results.NotFound());
            app.MapGet("/todos", (AppDb db) => {|PK3001:db.Todos.Take(50).ToList()|});
            app.MapPost("/todos", async (Todo todo, AppDb db) =>
            {
                db.Todos.Add(todo);
                await db.SaveChangesAsync();
                return TypedResults.Created($"/todos/{todo.Id}", {|PK3001:todo|});
            });
            app.Run();
            """ + Snippets.TodoModel);

    [Fact]
    public Task Reports_entities_from_controller_actions_and_envelopes() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.AspNetCore.Mvc;

            public record Page<T>(IReadOnlyList<T> Items, int Total);

            public class TodosController(AppDb db) : ControllerBase
            {
                [HttpGet]
                public ActionResult<Page<Todo>> Get() => {|PK3001:new Page<Todo>(db.Todos.Take(10).ToList(), 10)|};

                [HttpGet("{id}")]
                public IActionResult GetOne(int id) => Ok({|PK3001:new { Item = db.Todos.Find(id) }|});
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_projections_to_dtos() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.ProgramAsync("""
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/todos", (AppDb db) => db.Todos.Take(50).Select(t => new TodoDto(t.Id, t.Title)).ToList());
            app.MapGet("/todos/{id}", (int id, AppDb db) =>
                db.Todos.Find(id) is { } todo ? Results.Ok(new TodoDto(todo.Id, todo.Title)) : Results.NotFound());
            app.MapPost("/todos", (Todo todo) => Results.Created($"/todos/{todo.Id}", new { todo.Id }));
            app.Run();
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_entities_outside_endpoints() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.LibraryAsync("""
            using System.Linq;

            public class TodoRepository(AppDb db)
            {
                public Todo? Find(int id) => db.Todos.Find(id);

                public Todo[] Open() => db.Todos.Where(t => !t.Done).ToArray();
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_types_that_are_not_mapped_entities() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapGet("/weather", () => new Forecast(21));
            app.MapGet("/todos/{id}/title", (int id, AppDb db) => db.Todos.Find(id)!.Title);
            app.Run();

            public record Forecast(int Celsius);
            """ + Snippets.TodoModel);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.IncompleteAsync("""
            using Microsoft.AspNetCore.Builder;
            var app = WebApplication.Create();
            app.MapGet("/x", (AppDb db) => {|PK3001:db.Todos.Find(
            |}
            """ + Snippets.TodoModel);

    /// <summary>Regression (issue 20): an explicit conversion operator produces the DTO; the entity is not what is returned.</summary>
    [Fact]
    public Task Ignores_an_entity_converted_to_a_dto_by_an_explicit_operator() =>
        Verify<EntityReturnedFromEndpointAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            var app = WebApplication.Create();
            app.MapGet("/todos/{id}", async (int id, AppDb db) =>
                await db.Todos.FindAsync(id) is { } todo ? Results.Ok((TodoView)todo) : Results.NotFound());
            app.MapGet("/first", (AppDb db) => (TodoView)db.Todos.Find(1)!);
            app.Run();

            public record TodoView(int Id, string Title)
            {
                public static explicit operator TodoView(Todo todo) => new(todo.Id, todo.Title);
            }
            """ + Snippets.TodoModel);
}
