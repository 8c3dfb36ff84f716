#!/usr/bin/env python3
"""Generates a synthetic but realistic ASP.NET Core minimal API + EF Core code base for the analyzer benchmark.

Each "module" is one feature slice: an entity, a DTO, a request validator, a service, an endpoint group and a
background job, spread over several files, the way real back-end projects are laid out. The code is clean: it
compiles without PortfolioKit diagnostics except a few deliberate ones, so the benchmark measures analysis,
not diagnostic reporting.

Usage: generate.py OUTPUT_DIR MODULES
"""
import os
import sys

out, modules = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)

def write(path, text):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text.lstrip())

names = [f"Item{i:04d}" for i in range(modules)]

write("Program.cs", """
using Bench.Data;
using Bench.Features;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<AppDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Db")));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHealthChecks();
builder.Services.AddProblemDetails();
builder.Services.AddHttpClient("partners");
builder.Services.AddFeatures();

var app = builder.Build();
app.UseExceptionHandler();
app.MapHealthChecks("/health");
app.MapFeatures();
app.Run();
""")

dbsets = "\n".join(f"    public DbSet<Features.{n}.{n}Entity> {n}s => Set<Features.{n}.{n}Entity>();" for n in names)
write("Data/AppDb.cs", f"""
using Microsoft.EntityFrameworkCore;

namespace Bench.Data;

public sealed class AppDb(DbContextOptions<AppDb> options) : DbContext(options)
{{
{dbsets}
}}
""")

registrations = "\n".join(f"        services.AddScoped<{n}.{n}Service>();\n        services.AddHostedService<{n}.{n}Cleanup>();" for n in names)
maps = "\n".join(f"        {n}.{n}Endpoints.Map(app);" for n in names)
write("Features/FeatureRegistration.cs", f"""
namespace Bench.Features;

public static class FeatureRegistration
{{
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {{
{registrations}
        return services;
    }}

    public static IEndpointRouteBuilder MapFeatures(this IEndpointRouteBuilder app)
    {{
{maps}
        return app;
    }}
}}
""")

for i, n in enumerate(names):
    ns = f"Bench.Features.{n}"
    route = n.lower()
    write(f"Features/{n}/{n}Entity.cs", f"""
namespace {ns};

public sealed class {n}Entity
{{
    public int Id {{ get; set; }}
    public string Name {{ get; set; }} = "";
    public string? Description {{ get; set; }}
    public decimal Price {{ get; set; }}
    public int Stock {{ get; set; }}
    public DateTimeOffset CreatedAt {{ get; set; }}
    public DateTimeOffset? ExpiresAt {{ get; set; }}
    public bool Archived {{ get; set; }}
}}
""")
    write(f"Features/{n}/{n}Contracts.cs", f"""
namespace {ns};

public sealed record {n}Response(int Id, string Name, decimal Price, int Stock);

public sealed record Create{n}Request(string Name, string? Description, decimal Price, int Stock)
{{
    public IEnumerable<string> Validate()
    {{
        if (string.IsNullOrWhiteSpace(Name)) yield return "Name is required.";
        if (Name.Length > 200) yield return "Name is too long.";
        if (Price < 0) yield return "Price cannot be negative.";
        if (Stock < 0) yield return "Stock cannot be negative.";
    }}
}}

public sealed record {n}Page(IReadOnlyList<{n}Response> Items, int Page, int PageSize, int Total);
""")
    write(f"Features/{n}/{n}Service.cs", f"""
using Bench.Data;
using Microsoft.EntityFrameworkCore;

namespace {ns};

public sealed class {n}Service(AppDb db, TimeProvider time, ILogger<{n}Service> logger)
{{
    public async Task<{n}Page> ListAsync(int page, int pageSize, string? search, CancellationToken ct)
    {{
        pageSize = Math.Clamp(pageSize, 1, 100);
        var query = db.{n}s.AsNoTracking().Where(e => !e.Archived);
        if (!string.IsNullOrWhiteSpace(search))
        {{
            query = query.Where(e => e.Name.Contains(search));
        }}

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(e => e.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(e => new {n}Response(e.Id, e.Name, e.Price, e.Stock))
            .ToListAsync(ct);
        return new {n}Page(items, page, pageSize, total);
    }}

    public Task<{n}Response?> FindAsync(int id, CancellationToken ct) =>
        db.{n}s.AsNoTracking()
            .Where(e => e.Id == id)
            .Select(e => new {n}Response(e.Id, e.Name, e.Price, e.Stock))
            .FirstOrDefaultAsync(ct);

    public async Task<{n}Response> CreateAsync(Create{n}Request request, CancellationToken ct)
    {{
        var entity = new {n}Entity
        {{
            Name = request.Name.Trim(),
            Description = request.Description,
            Price = request.Price,
            Stock = request.Stock,
            CreatedAt = time.GetUtcNow(),
        }};
        db.{n}s.Add(entity);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created {{Entity}} {{Id}}", nameof({n}Entity), entity.Id);
        return new {n}Response(entity.Id, entity.Name, entity.Price, entity.Stock);
    }}

    public async Task<int> RestockAsync(IReadOnlyList<(int Id, int Quantity)> lines, CancellationToken ct)
    {{
        var ids = lines.Select(l => l.Id).ToList();
        var entities = await db.{n}s.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        foreach (var (id, quantity) in lines)
        {{
            if (entities.TryGetValue(id, out var entity))
            {{
                entity.Stock += quantity;
            }}
        }}

        return await db.SaveChangesAsync(ct);
    }}

    public Task<int> ArchiveExpiredAsync(CancellationToken ct)
    {{
        var now = time.GetUtcNow();
        return db.{n}s.Where(e => e.ExpiresAt < now).ExecuteUpdateAsync(s => s.SetProperty(e => e.Archived, true), ct);
    }}
}}
""")
    write(f"Features/{n}/{n}Endpoints.cs", f"""
using Microsoft.AspNetCore.Http.HttpResults;

namespace {ns};

public static class {n}Endpoints
{{
    public static void Map(IEndpointRouteBuilder app)
    {{
        var group = app.MapGroup("/api/{route}").WithTags("{n}");
        group.MapGet("/", async ({n}Service service, int page = 1, int pageSize = 20, string? search = null, CancellationToken ct = default) =>
            TypedResults.Ok(await service.ListAsync(page, pageSize, search, ct)));
        group.MapGet("/{{id:int}}", GetById);
        group.MapPost("/", Create);
    }}

    private static async Task<Results<Ok<{n}Response>, NotFound>> GetById(int id, {n}Service service, CancellationToken ct) =>
        await service.FindAsync(id, ct) is {{ }} item ? TypedResults.Ok(item) : TypedResults.NotFound();

    private static async Task<Results<Created<{n}Response>, ValidationProblem>> Create(Create{n}Request request, {n}Service service, CancellationToken ct)
    {{
        var errors = request.Validate().ToArray();
        if (errors.Length > 0)
        {{
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> {{ ["request"] = errors }});
        }}

        var created = await service.CreateAsync(request, ct);
        return TypedResults.Created($"/api/{route}/{{created.Id}}", created);
    }}
}}
""")
    write(f"Features/{n}/{n}Cleanup.cs", f"""
namespace {ns};

public sealed class {n}Cleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<{n}Cleanup> logger) : BackgroundService
{{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {{
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {{
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<{n}Service>();
            var archived = await service.ArchiveExpiredAsync(stoppingToken);
            logger.LogInformation("Archived {{Count}} expired {{Entity}} rows", archived, nameof({n}Entity));
        }}
    }}
}}
""")
print(f"{modules} modules, {modules * 5 + 3} files in {out}")
