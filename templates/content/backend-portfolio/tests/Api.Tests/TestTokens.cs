#if (UseJwt)
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// Tokens for the integration tests, signed with a key made for this test run: the app validates them through the
/// same Authentication:Schemes:Bearer settings that `dotnet user-jwts` writes in Development.
/// </summary>
internal static class TestTokens
{
    private const string Issuer = "api-tests";
    private const string Audience = "portfolio-sample-api";

    private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

    public static IReadOnlyDictionary<string, string> BearerSettings { get; } = new Dictionary<string, string>
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(SigningKey),
    };

    public static string Create(TimeProvider clock, params string[] scopes) => Create(clock, SigningKey, scopes);

    public static string Create(TimeProvider clock, byte[] signingKey, params string[] scopes)
    {
        // Valid by the app's (fake) clock and by the real one, whichever the token handler reads.
        var now = clock.GetUtcNow() < DateTimeOffset.UtcNow ? clock.GetUtcNow() : DateTimeOffset.UtcNow;
        var latest = clock.GetUtcNow() > DateTimeOffset.UtcNow ? clock.GetUtcNow() : DateTimeOffset.UtcNow;
        var claims = new ClaimsIdentity([new Claim("sub", "test-user"), .. scopes.Select(scope => new Claim("scope", scope))]);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = claims,
            NotBefore = now.AddMinutes(-1).UtcDateTime,
            IssuedAt = now.AddMinutes(-1).UtcDateTime,
            Expires = latest.AddHours(1).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
#endif
