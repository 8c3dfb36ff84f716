// The bare baseline of bench/api/run.sh and bench/paging/run.sh: the generated API's benchmarked endpoints written by
// hand on `dotnet new web`, over the generated project's own AppDbContext and Product, with the same EF Core queries
// and the same JSON, and without validation, rate limiting, telemetry, health checks, problem details or security
// headers. It runs on the engine the generated solution was made for (DatabaseEngine in Bare.csproj).
using Acme.Orders.Domain.Catalog;
using Acme.Orders.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Database");
#if DATABASE_POSTGRES
builder.Services.AddDbContext<AppDbContext>(options => options.UseNpgsql(connectionString));
#elif DATABASE_MYSQL
builder.Services.AddDbContext<AppDbContext>(options => options.UseMySQL(connectionString!));
#else
builder.Services.AddDbContext<AppDbContext>(options => options.UseSqlite(connectionString));
#endif

var app = builder.Build();

app.MapGet("/health/live", () => "Healthy");

app.MapGet("/api/products", async (AppDbContext db, CancellationToken cancellationToken, int limit = 20, int cursor = 0) =>
{
    var rows = await db.Products
        .AsNoTracking()
        .Where(product => product.Id > cursor)
        .OrderBy(product => product.Id)
        .Take(limit + 1)
        .Select(product => new ProductResponse(product.Id, product.Sku, product.Name, product.UnitPrice, product.Version))
        .ToListAsync(cancellationToken);

    if (rows.Count <= limit)
    {
        return new Page(rows, null);
    }

    rows.RemoveAt(rows.Count - 1);
    return new Page(rows, rows[^1].Id);
});

app.MapGet("/api/products/{id:int}", async (int id, AppDbContext db, CancellationToken cancellationToken) =>
{
    var product = await db.Products
        .AsNoTracking()
        .Where(product => product.Id == id)
        .Select(product => new ProductResponse(product.Id, product.Sku, product.Name, product.UnitPrice, product.Version))
        .SingleOrDefaultAsync(cancellationToken);

    return product is null ? Results.NotFound() : Results.Ok(product);
});

app.MapPost("/api/products", async (CreateProductRequest request, AppDbContext db, CancellationToken cancellationToken) =>
{
    var product = new Product(request.Sku, request.Name, request.UnitPrice);
    if (await db.Products.AnyAsync(existing => existing.Sku == product.Sku, cancellationToken))
    {
        return Results.Conflict();
    }

    db.Products.Add(product);
    await db.SaveChangesAsync(cancellationToken);
    return Results.Created($"/api/products/{product.Id}",
        new ProductResponse(product.Id, product.Sku, product.Name, product.UnitPrice, product.Version));
});

await app.RunAsync();

internal sealed record ProductResponse(int Id, string Sku, string Name, decimal UnitPrice, int Version);

internal sealed record Page(IReadOnlyList<ProductResponse> Items, int? NextCursor);

internal sealed record CreateProductRequest(string Sku, string Name, decimal UnitPrice);
