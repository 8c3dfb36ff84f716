using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortfolioSample.Worker.Hosting;

/// <summary>
/// The OpenAPI document of the worker's HTTP surface at /openapi/v1.json, generated from the code: the validation
/// attributes state the schemas, and each operation documents the errors the pipeline sends on its behalf.
/// </summary>
internal static class WorkerDocumentationExtensions
{
    public const string IntakeTag = "Intake";
    public const string StockTag = "Stock";
    public const string DeadLettersTag = "Dead letters";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        [IntakeTag] = "Puts messages into the queue over HTTP, standing in for the upstream producer (Intake:Enabled).",
        [StockTag] = "What the consumer has built from the messages it handled.",
        [DeadLettersTag] = "Messages the consumer gave up on after its retries, kept with the reason until someone replays them.",
    };

    public static IServiceCollection AddWorkerDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                OpenApiDocumentInfo.Describe(
                    document,
                    "Portfolio Sample worker",
                    "The worker's HTTP surface: the message intake, the stock levels it keeps, and its dead letters.");
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description = TagDescriptions.GetValueOrDefault(tag.Name ?? string.Empty);
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // Numbers are read as JSON numbers only (JsonNumberHandling.Strict).
                if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0)
                {
                    schema.Pattern = null;
                    schema.Type = type & ~JsonSchemaType.String;
                }

                // A JSON payload may be any JSON but null: the intake refuses null.
                if (context.JsonTypeInfo.Type == typeof(JsonElement))
                {
                    schema.Not = new OpenApiSchema { Type = JsonSchemaType.Null };
                }

                // [Required] rejects empty and blank strings.
                var required = context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;
                if (required && schema.Type?.HasFlag(JsonSchemaType.String) == true)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                    schema.Pattern ??= @"\S";
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                operation.Responses ??= [];
                operation.Security = []; // said explicitly: no authentication (keep the worker off the public network)
                var readsInput = operation.RequestBody is not null
                    || context.Description.ParameterDescriptions.Any(parameter => parameter.Source == BindingSource.Query || parameter.Source == BindingSource.Body);
                if (readsInput && !operation.Responses.ContainsKey("400"))
                {
                    operation.Responses["400"] = new OpenApiResponse { Description = "Bad Request" };
                }

                if (operation.RequestBody is not null)
                {
                    operation.Responses["415"] = new OpenApiResponse { Description = "Unsupported Media Type: send the body as `application/json`." };
                }

                // Every error is ProblemDetails: UseStatusCodePages writes one for a bare status code such as 404.
                foreach (var (status, response) in operation.Responses)
                {
                    if (status.StartsWith('4') && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
                    {
                        var problemType = status == "400" ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
                        if (context.Document!.Components?.Schemas?.ContainsKey(problemType.Name) != true)
                        {
                            context.Document.AddComponent(problemType.Name, await context.GetOrCreateSchemaAsync(problemType, null, cancellationToken));
                        }

                        bare.Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(problemType.Name, context.Document) },
                        };
                    }
                }
            });
        });
}
