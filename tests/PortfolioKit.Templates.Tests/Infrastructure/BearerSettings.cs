using System.Security.Cryptography;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>JWT bearer settings for a generated app and the tokens the fuzzer mints: a signing key made per test run.</summary>
public sealed record BearerSettings(string Issuer, string Audience, string Key)
{
    public static BearerSettings CreateNew() => new("contract-check", "contract-check-api", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The Authentication:Schemes:Bearer settings (as environment variables) that make the app accept them.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Authentication__Schemes__Bearer__ValidIssuer"] = Issuer,
        ["Authentication__Schemes__Bearer__ValidAudiences__0"] = Audience,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Issuer,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Key,
    };
}
