#if (UseJwt)
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace PortfolioSample.Api.Hosting;

internal static class AuthenticationExtensions
{
    public const string WritePolicy = "api-write";

    /// <summary>The OAuth scope a token needs to change data. Reads stay public.</summary>
    public const string WriteScope = "api:write";

    /// <summary>
    /// JWT bearer authentication configured entirely from the Authentication:Schemes:Bearer section (issuer,
    /// audiences and signing keys, or the Authority of an identity provider), so no key is ever in the code or in
    /// appsettings*.json: in Development, `dotnet user-jwts create` puts a key in user secrets and mints tokens.
    /// </summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        // Keep the token's own claim names (scope, sub) rather than mapping them to WS-Federation URIs.
        services.AddAuthentication().AddJwtBearer(options => options.MapInboundClaims = false);
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => HasScope(context.User, WriteScope)));
        return services;
    }

    /// <summary>
    /// Requires <see cref="WritePolicy"/> on every endpoint of the group that is not a GET (or HEAD), so a new write
    /// endpoint is protected without anyone remembering to protect it.
    /// </summary>
    public static TBuilder RequireWriteScopeForChanges<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
            if (methods is null || methods.Any(method => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(WritePolicy));
            }
        });
        return builder;
    }

    // OAuth 2.0 sends the scopes as one space-separated claim; dotnet user-jwts sends one claim per scope.
    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
#endif
