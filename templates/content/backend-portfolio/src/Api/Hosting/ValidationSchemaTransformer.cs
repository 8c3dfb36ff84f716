using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioSample.Api.Common;

namespace PortfolioSample.Api.Hosting;

/// <summary>
/// States in the OpenAPI schemas the validation rules the framework does not carry over by itself, from the same
/// attributes the server validates with (the framework already maps Range, StringLength, MinLength, MaxLength and
/// RegularExpression). The generated tests fail on a validation attribute that no schema states.
/// </summary>
internal sealed class ValidationSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Numbers are read as JSON numbers only (JsonNumberHandling.Strict), so the framework's pattern for numbers
        // written as strings does not apply.
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0)
        {
            schema.Pattern = null;
            schema.Type = type & ~JsonSchemaType.String;
        }

        foreach (var attribute in ValidationAttributesOf(context))
        {
            switch (attribute)
            {
                // [Required] rejects empty and blank strings: at least one character that is not white space.
                case RequiredAttribute { AllowEmptyStrings: false } when schema.Type?.HasFlag(JsonSchemaType.String) == true:
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                    schema.Pattern ??= @"\S";
                    break;
                case EmailAddressAttribute:
                    schema.Format = "email";
                    break;
                case IAllowedNames allowed:
                    schema.Enum = [.. allowed.Names.Select(name => (JsonNode)name)];
                    break;
            }
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<ValidationAttribute> ValidationAttributesOf(OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is { } property)
        {
            return property.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>();
        }

        return context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor parameter
            ? parameter.ParameterInfo.GetCustomAttributes<ValidationAttribute>()
            : [];
    }
}
