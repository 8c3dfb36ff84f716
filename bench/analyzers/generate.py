#!/usr/bin/env python3
"""Generates a synthetic but realistic multi-project ASP.NET Core + EF Core solution for the analyzer benchmark.

The solution is a repository of SERVICES services. Each service has a domain project (plain C#), an infrastructure
project (EF Core on SQLite, its DbContext and background jobs) and an API project (minimal APIs, the web host); one
shared kernel project sits under them all. Feature modules (an entity, contracts, a service, endpoints and a cleanup
job, spread over several files, the way real back-end projects are laid out) are dealt out to the services. The
repository has what a reviewer looks for (README, LICENSE, CI, Dockerfile, appsettings), so the repository rules run
in the one project that reports for it. The code is clean: it builds without PortfolioKit diagnostics, so the
benchmark measures analysis, not diagnostic reporting.

Usage: generate.py OUTPUT_DIR MODULES SERVICES PORTFOLIOKIT_VERSION
"""
import os
import sys

out, modules, services, version = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
os.makedirs(out, exist_ok=True)


def write(path, text):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text.lstrip())


ANALYZERS = f"""
  <ItemGroup>
    <PackageReference Include="Meziantou.Analyzer" Version="3.0.321" PrivateAssets="all" Condition="'$(WithMeziantou)' != 'false'" />
    <PackageReference Include="PortfolioKit.Analyzers" Version="{version}" PrivateAssets="all" Condition="'$(WithPortfolioKit)' != 'false'" />
  </ItemGroup>
"""


def project(path, sdk, items=""):
    write(path, f"""
<Project Sdk="{sdk}">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- The SDK analyzers at their recommended set, as in a typical project. -->
    <AnalysisLevel>latest-recommended</AnalysisLevel>
    <NoWarn>$(NoWarn);CS1591;CA1515;CA1812;CA1848;CA2007</NoWarn>
  </PropertyGroup>
{ANALYZERS}{items}</Project>
""")


# The repository a reviewer opens.
os.makedirs(os.path.join(out, ".git"), exist_ok=True)
write(".git/HEAD", "ref: refs/heads/main\n")
write("README.md", """
# Bench Shop

Bench Shop is a set of ordering services for a small online store, generated for PortfolioKit's analyzer benchmark.

## Tech stack

- ASP.NET Core 10 minimal APIs, EF Core 10 on SQLite

## Architecture

```mermaid
flowchart LR
  api[Service APIs] --> db[(SQLite)]
```

## Getting started

```bash
dotnet run --project src/Service00/Service00.Api
```

## Tests

```bash
dotnet test
```
""")
write("LICENSE", "MIT License\n\nCopyright (c) Bench Shop contributors\n")
write("SECURITY.md", "# Security policy\n\nReport vulnerabilities to security@bench.example.\n")
write(".github/workflows/ci.yml", "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: dotnet test\n")
write(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: nuget\n    directory: /\n    schedule:\n      interval: weekly\n")
write("Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Service00/Service00.Api -c Release -o /app\n\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app /app\nUSER app\nENTRYPOINT [\"dotnet\", \"/app/Service00.Api.dll\"]\n")

project("src/Shared/Shared.Kernel/Shared.Kernel.csproj", "Microsoft.NET.Sdk")
write("src/Shared/Shared.Kernel/Paging.cs", """
namespace Shared.Kernel;

public sealed record PageRequest(int Page, int PageSize)
{
    public int Skip => (Math.Max(Page, 1) - 1) * PageSize;
}
""")

names = [f"Item{i:04d}" for i in range(modules)]
projects = ["src/Shared/Shared.Kernel/Shared.Kernel.csproj"]
for s in range(services):
    svc = f"Service{s:02d}"
    mine = names[s::services]
    base = f"src/{svc}"
    project(f"{base}/{svc}.Domain/{svc}.Domain.csproj", "Microsoft.NET.Sdk",
            '  <ItemGroup>\n    <ProjectReference Include="../../Shared/Shared.Kernel/Shared.Kernel.csproj" />\n  </ItemGroup>\n')
    project(f"{base}/{svc}.Infrastructure/{svc}.Infrastructure.csproj", "Microsoft.NET.Sdk",
            '  <ItemGroup>\n    <FrameworkReference Include="Microsoft.AspNetCore.App" />\n'
            '    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />\n'
            f'    <ProjectReference Include="../{svc}.Domain/{svc}.Domain.csproj" />\n  </ItemGroup>\n')
    project(f"{base}/{svc}.Api/{svc}.Api.csproj", "Microsoft.NET.Sdk.Web",
            f'  <ItemGroup>\n    <ProjectReference Include="../{svc}.Infrastructure/{svc}.Infrastructure.csproj" />\n  </ItemGroup>\n')
    projects += [f"{base}/{svc}.Domain/{svc}.Domain.csproj", f"{base}/{svc}.Infrastructure/{svc}.Infrastructure.csproj", f"{base}/{svc}.Api/{svc}.Api.csproj"]
    write(f"{base}/{svc}.Api/appsettings.json", '{ "ConnectionStrings": { "Db": "Data Source=shop.db" } }\n')
    dbsets = "\n".join(f"    public DbSet<{n}Entity> {n}s => Set<{n}Entity>();" for n in mine)
    usings = "\n".join(f"using {svc}.Domain.{n};" for n in mine)
    write(f"{base}/{svc}.Infrastructure/AppDb.cs", f"""
using Microsoft.EntityFrameworkCore;
{usings}

namespace {svc}.Infrastructure;

public sealed class AppDb(DbContextOptions<AppDb> options) : DbContext(options)
{{
{dbsets}
}}
""")
    registrations = "\n".join(f"        services.AddScoped<Features.{n}.{n}Service>();\n        services.AddHostedService<Features.{n}.{n}Cleanup>();" for n in mine)
    write(f"{base}/{svc}.Infrastructure/FeatureRegistration.cs", f"""
using Microsoft.Extensions.DependencyInjection;

namespace {svc}.Infrastructure;

public static class FeatureRegistration
{{
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {{
{registrations}
        return services;
    }}
}}
""")
    maps = "\n".join(f"        {n}Endpoints.Map(app);" for n in mine)
    write(f"{base}/{svc}.Api/Program.cs", f"""
using Microsoft.EntityFrameworkCore;
using {svc}.Api;
using {svc}.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<AppDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Db")));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHealthChecks();
builder.Services.AddProblemDetails();
builder.Services.AddFeatures();

var app = builder.Build();
app.UseExceptionHandler();
app.MapHealthChecks("/health");
app.MapFeatures();
app.Run();
""")
    write(f"{base}/{svc}.Api/EndpointRegistration.cs", f"""
namespace {svc}.Api;

public static class EndpointRegistration
{{
    public static IEndpointRouteBuilder MapFeatures(this IEndpointRouteBuilder app)
    {{
{maps}
        return app;
    }}
}}
""")
    for n in mine:
        route = n.lower()
        write(f"{base}/{svc}.Domain/{n}/{n}Entity.cs", f"""
    namespace {svc}.Domain.{n};

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
        write(f"{base}/{svc}.Domain/{n}/{n}Contracts.cs", f"""
    namespace {svc}.Domain.{n};

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
        write(f"{base}/{svc}.Infrastructure/Features/{n}/{n}Service.cs", f"""
    using Microsoft.EntityFrameworkCore;

    using {svc}.Domain.{n};
    using {svc}.Infrastructure;
    using Microsoft.Extensions.Logging;

    namespace {svc}.Infrastructure.Features.{n};

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
        write(f"{base}/{svc}.Api/Features/{n}Endpoints.cs", f"""
    using Microsoft.AspNetCore.Http.HttpResults;

    using {svc}.Domain.{n};
    using {svc}.Infrastructure.Features.{n};

    namespace {svc}.Api;

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
        write(f"{base}/{svc}.Infrastructure/Features/{n}/{n}Cleanup.cs", f"""
    using {svc}.Domain.{n};
    using Microsoft.Extensions.DependencyInjection;
    using Microsoft.Extensions.Hosting;
    using Microsoft.Extensions.Logging;

    namespace {svc}.Infrastructure.Features.{n};

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

sln = ["<Solution>"] + [f'  <Project Path="{p}" />' for p in projects] + ["</Solution>"]
write("BenchShop.slnx", "\n".join(sln) + "\n")
print(f"{modules} modules in {services} services, {len(projects)} projects, in {out}")
