using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Api.Common;
using PortfolioSample.Domain.Catalog;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Features.Products;

internal sealed class ProductEndpoints : IEndpointGroup
{
    // The catalogue first: the API reference opens on it.
    public int Position => 10;

    public string Tag => "Products";

    public string Description => "The catalogue: products with a unique SKU, a name and a unit price.";

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products").WithTags(Tag);

        products.MapGet("/", ListProducts).WithName(nameof(ListProducts)).WithSummary("Lists products, a page at a time.")
            .WithDescription("Keyset paging in id order: pass the page's `nextCursor` as `cursor` for the next page; `nextCursor` is null on the last page.");
        products.MapGet("/{id:int}", GetProduct).WithName(nameof(GetProduct)).WithSummary("Gets one product.")
            .WithDescription("Returns the product with its current `version`, which an update must send back.");
        products.MapPost("/", CreateProduct).WithName(nameof(CreateProduct)).WithSummary("Adds a product to the catalogue.")
            .WithDescription("The SKU is stored in upper case and must be unique (409 otherwise); the price is rounded to cents.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        products.MapPut("/{id:int}", UpdateProduct).WithName(nameof(UpdateProduct)).WithSummary("Renames or reprices a product.")
            .WithDescription("Optimistic concurrency: send the `version` you read; if the product changed since, the answer is 409 and nothing is written.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<Page<ProductResponse>>> ListProducts(
        AppDbContext db,
        CancellationToken cancellationToken,
        [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit,
        [Range(0, int.MaxValue)] int cursor = 0)
    {
        var rows = await db.Products
            .AsNoTracking()
            .Where(product => product.Id > cursor)
            .OrderBy(product => product.Id)
            .Take(limit + 1)
            .Select(ProductResponse.Projection)
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(Paging.ToPage(rows, limit, product => product.Id));
    }

    private static async Task<Results<Ok<ProductResponse>, NotFound>> GetProduct(int id, AppDbContext db, CancellationToken cancellationToken)
    {
        var product = await db.Products
            .AsNoTracking()
            .Where(product => product.Id == id)
            .Select(ProductResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken);

        return product is null ? TypedResults.NotFound() : TypedResults.Ok(product);
    }

    private static async Task<Results<CreatedAtRoute<ProductResponse>, ProblemHttpResult>> CreateProduct(
        CreateProductRequest request,
        AppDbContext db,
        CancellationToken cancellationToken)
    {
        var product = new Product(request.Sku, request.Name, request.UnitPrice);
        if (await db.Products.AnyAsync(existing => existing.Sku == product.Sku, cancellationToken))
        {
            return DuplicateSku(product.Sku);
        }

        db.Products.Add(product);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request may have inserted the same SKU between our check and our insert; the unique index
            // caught it. Anything else is a genuine failure.
            db.Entry(product).State = EntityState.Detached;
            if (await db.Products.AnyAsync(existing => existing.Sku == product.Sku, cancellationToken))
            {
                return DuplicateSku(product.Sku);
            }

            throw;
        }

        return TypedResults.CreatedAtRoute(ProductResponse.From(product), nameof(GetProduct), new { id = product.Id });
    }

    private static async Task<Results<Ok<ProductResponse>, NotFound, ProblemHttpResult>> UpdateProduct(
        int id,
        UpdateProductRequest request,
        AppDbContext db,
        CancellationToken cancellationToken)
    {
        var product = await db.Products.FindAsync([id], cancellationToken);
        if (product is null)
        {
            return TypedResults.NotFound();
        }

        // Compare against the version the client read, not the one just loaded: that is what makes it optimistic.
        db.Entry(product).Property(p => p.Version).OriginalValue = request.Version;
        product.Update(request.Name, request.UnitPrice);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"Product {id} was changed by someone else. Read it again and retry with the current version.");
        }

        return TypedResults.Ok(ProductResponse.From(product));
    }

    private static ProblemHttpResult DuplicateSku(string sku) =>
        Problems.Conflict($"A product with SKU '{sku}' already exists.");
}
