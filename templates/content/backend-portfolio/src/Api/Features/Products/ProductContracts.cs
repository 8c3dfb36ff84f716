using System.Linq.Expressions;
using System.ComponentModel.DataAnnotations;
using PortfolioSample.Domain.Catalog;

namespace PortfolioSample.Api.Features.Products;

public sealed record ProductResponse(int Id, string Sku, string Name, decimal UnitPrice, int Version)
{
    /// <summary>The one mapping from entity to response, translated to SQL when used in a query.</summary>
    internal static readonly Expression<Func<Product, ProductResponse>> Projection =
        product => new ProductResponse(product.Id, product.Sku, product.Name, product.UnitPrice, product.Version);

    private static readonly Func<Product, ProductResponse> CompiledProjection = Projection.Compile();

    internal static ProductResponse From(Product product) => CompiledProjection(product);
}

public sealed record CreateProductRequest(
    [property: Required, StringLength(Product.SkuMaxLength), RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]*$", ErrorMessage = "The SKU may contain only letters, digits and hyphens.")]
    string Sku,
    [property: Required, StringLength(Product.NameMaxLength)]
    string Name,
    [property: Range(0.01, 1_000_000)]
    decimal UnitPrice);

/// <param name="Version">The version the client last read; a stale version is answered with 409 Conflict.</param>
public sealed record UpdateProductRequest(
    [property: Required, StringLength(Product.NameMaxLength)]
    string Name,
    [property: Range(0.01, 1_000_000)]
    decimal UnitPrice,
    [property: Range(0, int.MaxValue)]
    int Version);
