using System.Text.Json.Serialization;

namespace PortfolioSample.Api.Hosting;

internal static class RequestHandlingExtensions
{
    /// <summary>
    /// Errors as problem details, request validation, and a 400 (never a 500) for a request that cannot be read, in
    /// every environment. The wire format is as strict as the OpenAPI document says: a missing field is a 400, never its
    /// default (an update without its version cannot slip past a concurrency check), null only where the type allows
    /// it, numbers only as JSON numbers, enums only by name.
    /// </summary>
    public static IServiceCollection AddStrictRequestHandling(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Always throw on unreadable requests (not only in Development) so BadRequestExceptionHandler answers them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.RespectRequiredConstructorParameters = true;
            json.RespectNullableAnnotations = true;
            json.NumberHandling = JsonNumberHandling.Strict;
            json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        });
        return services;
    }
}
