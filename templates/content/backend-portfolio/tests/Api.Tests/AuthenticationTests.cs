#if (UseJwt)
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace PortfolioSample.Api.Tests;

/// <summary>Reads are public; a write needs a valid bearer token with the api:write scope.</summary>
public sealed class AuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly object NewProduct = new { sku = "AUTH-001", name = "Token-protected product", unitPrice = 10.00m };

    [DatabaseFact]
    public async Task Reads_need_no_token()
    {
        using var client = ClientWith(authorization: null);

        var response = await client.GetAsync(new Uri("/api/products?limit=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [DatabaseFact]
    public async Task A_write_without_a_token_is_401_with_a_bearer_challenge()
    {
        using var client = ClientWith(authorization: null);

        var response = await client.PostAsJsonAsync(new Uri("/api/products", UriKind.Relative), NewProduct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [DatabaseFact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        using var client = ClientWith(TestTokens.Create(factory.Clock, RandomNumberGenerator.GetBytes(32), "api:write"));

        var response = await client.PostAsJsonAsync(new Uri("/api/products", UriKind.Relative), NewProduct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [DatabaseFact]
    public async Task A_token_without_the_write_scope_is_403()
    {
        using var client = ClientWith(TestTokens.Create(factory.Clock, "api:read"));

        var response = await client.PostAsJsonAsync(new Uri("/api/products", UriKind.Relative), NewProduct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [DatabaseFact]
    public async Task A_token_with_the_write_scope_may_write()
    {
        using var client = ClientWith(TestTokens.Create(factory.Clock, "api:read api:write"));

        var response = await client.PostAsJsonAsync(new Uri("/api/products", UriKind.Relative), NewProduct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>
    /// The document says what the server does: each write names the bearer scheme and documents 401 and 403, each
    /// read says it needs nothing, so the API reference offers a token field and generated clients send the token.
    /// </summary>
    [DatabaseFact]
    public async Task The_document_requires_a_bearer_token_exactly_where_the_server_does()
    {
        using var client = ClientWith(authorization: null);
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal(("http", "bearer"), (scheme["type"]!.GetValue<string>(), scheme["scheme"]!.GetValue<string>()));
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()).ToList();
        Assert.NotEmpty(operations);
        foreach (var (method, operation) in operations)
        {
            var security = operation!["security"]!.AsArray();
            var statuses = operation["responses"]!.AsObject().Select(response => response.Key).ToList();
            if (method is "get" or "head")
            {
                Assert.Empty(security);
                Assert.DoesNotContain("401", statuses);
            }
            else
            {
                Assert.Equal("Bearer", security.Single()!.AsObject().Single().Key);
                Assert.Contains("401", statuses);
                Assert.Contains("403", statuses);
            }
        }
    }

    private HttpClient ClientWith(string? authorization)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = authorization is null ? null : new AuthenticationHeaderValue("Bearer", authorization);
        return client;
    }
}
#endif
