using System.Net;
using System.Text.Json;

namespace PortfolioSample.Api.Tests;

/// <summary>The production basics every endpoint relies on: health, API description, security headers.</summary>
public sealed class PlatformTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseTheory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [DatabaseFact]
    public async Task OpenApi_document_describes_every_feature()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();
        Assert.Contains("/api/products", paths);
        Assert.Contains("/api/products/{id}", paths);
        Assert.Contains("/api/orders", paths);
        Assert.Contains("/api/orders/{id}/cancel", paths);
    }

    [DatabaseFact]
    public async Task Api_reference_page_is_served_by_the_app()
    {
        var html = await _client.GetStringAsync("/docs/");

        Assert.Contains("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
    }

    [DatabaseFact]
    public async Task Responses_carry_security_headers_even_on_errors()
    {
        var response = await _client.GetAsync("/api/products/987654");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
