using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A signing key of its own and a token signed with it (HS256), for a generated API built with `--auth jwt` that runs
/// outside Development: the API validates the token through the Authentication:Schemes:Bearer settings, the same ones
/// `dotnet user-jwts` writes, given here as environment variables (as a Secret would give them to a pod).
/// </summary>
public sealed class BearerToken
{
    private const string Issuer = "pk-template-tests";
    private const string Audience = "pk-template-tests-api";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The API's settings that make it accept tokens of this key.</summary>
    public IReadOnlyDictionary<string, string> ApiEnvironment => new Dictionary<string, string>
    {
        ["Authentication__Schemes__Bearer__ValidIssuer"] = Issuer,
        ["Authentication__Schemes__Bearer__ValidAudiences__0"] = Audience,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Issuer,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(_key),
    };

    /// <summary>A token for one hour with the given OAuth scopes (one space-separated claim, as OAuth 2.0 sends them).</summary>
    public string Create(params string[] scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "template-tests",
            ["scope"] = string.Join(' ', scopes),
            ["iat"] = now - 60,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
        }));
        var signature = Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
