#if (UseJwt)
using Microsoft.AspNetCore.Authorization;
#endif
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace PortfolioSample.Api.Hosting;

/// <summary>
/// Documents, per operation, the error responses the pipeline sends on its behalf, from the same metadata that makes
/// the pipeline send them: 400 where a query or body is read (binding and validation), 415 where a body is read,
/// 429 under the rate limiter, 401 and 403 (and the security requirement) under an authorization policy. Every
/// error response carries ProblemDetails, as UseStatusCodePages writes one for a bare status code such as 404.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        var readsInput = operation.RequestBody is not null || context.Description.ParameterDescriptions.Any(
            parameter => parameter.Source == BindingSource.Query || parameter.Source == BindingSource.Body || parameter.Source == BindingSource.Form);
        if (readsInput && !operation.Responses.ContainsKey("400"))
        {
            operation.Responses["400"] = new OpenApiResponse { Description = "Bad Request" };
        }

        if (operation.RequestBody is not null)
        {
            operation.Responses["415"] = new OpenApiResponse { Description = "Unsupported Media Type: send the body as `application/json`." };
        }
#if (UseJwt)

        if (metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Responses["401"] = new OpenApiResponse { Description = "Unauthorized: no bearer token, or one that is expired or not signed by the configured issuer." };
            operation.Responses["403"] = new OpenApiResponse { Description = $"Forbidden: the token lacks the `{AuthenticationExtensions.WriteScope}` scope." };
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentationExtensions.BearerScheme, context.Document)] = [] }];
        }
        else
        {
            // Said explicitly: this operation is public.
            operation.Security = [];
        }
#else

        // Said explicitly: every operation is public.
        operation.Security = [];
#endif

        if (metadata.OfType<EnableRateLimitingAttribute>().Any() && !metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            operation.Responses["429"] = new OpenApiResponse
            {
                Description = "Too Many Requests: this client used up its requests for the window; retry after `Retry-After` seconds.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds until the window resets.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                },
            };
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (status.StartsWith('4') && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                var problemType = status == "400" ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
                bare.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = await ProblemSchemaAsync(problemType, context, cancellationToken) },
                };
            }
        }
    }

    /// <summary>A reference to the ProblemDetails schema in the document's components, added there on first use.</summary>
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
