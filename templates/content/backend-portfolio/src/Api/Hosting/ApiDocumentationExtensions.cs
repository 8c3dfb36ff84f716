using Scalar.AspNetCore;

namespace PortfolioSample.Api.Hosting;

internal static class ApiDocumentationExtensions
{
    public const string DocsPath = "/docs";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Portfolio Sample API";
            document.Info.Description = "Catalogue and ordering API: products, orders with line items, keyset paging and optimistic concurrency.";
            return Task.CompletedTask;
        }));

    /// <summary>
    /// The OpenAPI document at /openapi/v1.json and an interactive reference at /docs. Scalar serves its script
    /// from inside the app, so the page works offline and needs no CDN in the Content-Security-Policy.
    /// </summary>
    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().DisableRateLimiting();
        endpoints.MapScalarApiReference(DocsPath, options => options.WithTitle("Portfolio Sample API")).DisableRateLimiting();
        return endpoints;
    }
}
