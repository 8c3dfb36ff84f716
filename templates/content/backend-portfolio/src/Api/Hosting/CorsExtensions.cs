namespace PortfolioSample.Api.Hosting;

internal static class CorsExtensions
{
    /// <summary>Cross-origin calls are refused unless an origin is listed in Cors:AllowedOrigins.</summary>
    public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration configuration)
    {
        var allowedOrigins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(allowedOrigins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put)
            .WithHeaders("Content-Type", "Authorization")));
        return services;
    }
}
