#if (UseJwt)
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;

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

    private HttpClient ClientWith(string? authorization)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = authorization is null ? null : new AuthenticationHeaderValue("Bearer", authorization);
        return client;
    }
}
#endif
