using Microsoft.OpenApi;
using PortfolioSample.Api.Common;
using Scalar.AspNetCore;

namespace PortfolioSample.Api.Hosting;

internal static class ApiDocumentationExtensions
{
    public const string DocsPath = "/docs";
#if (UseJwt)

    /// <summary>The security scheme's name in the OpenAPI document; the API reference offers a token field for it.</summary>
    public const string BearerScheme = "Bearer";
#endif

    /// <summary>
    /// The OpenAPI document is generated from the code, never written by hand: the validation attributes state the
    /// schemas (<see cref="ValidationSchemaTransformer"/>) and the endpoints' metadata the responses and security
    /// (<see cref="ProblemResponsesTransformer"/>), so the document cannot drift from what the server enforces.
    /// </summary>
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                OpenApiDocumentInfo.Describe(
                    document,
                    "Portfolio Sample API",
                    "Catalogue and ordering API: products, orders with line items, keyset paging and optimistic concurrency.");
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description = EndpointGroups.All.FirstOrDefault(group => group.Tag == tag.Name)?.Description;
                }
#if (UseJwt)

                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = $"A JWT from the configured issuer. Requests that change data need the `{AuthenticationExtensions.WriteScope}` scope.",
                };
#endif
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer<ValidationSchemaTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
        });

    /// <summary>
    /// The OpenAPI document at /openapi/v1.json and an interactive reference at /docs. Scalar serves its script
    /// from inside the app, so the page works offline and needs no CDN in the Content-Security-Policy.
    /// </summary>
    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().DisableRateLimiting();
        endpoints.MapScalarApiReference(DocsPath, options => options
            .WithTitle("Portfolio Sample API")
#if (UseJwt)
            // The reference page asks for a token once and sends it with every request it tries.
            .AddPreferredSecuritySchemes([BearerScheme])
#endif
            // This API's page, not the vendor's: no developer toolbar (share, SDK generation, deploy), no AI chat, no
            // MCP offer, and no telemetry call to a third party (the Content-Security-Policy would block it anyway).
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()).DisableRateLimiting();
        return endpoints;
    }
}
