using System.Net;
using System.Net.Http.Json;
using PortfolioSample.Api.Common;
using PortfolioSample.Api.Features.Products;

namespace PortfolioSample.Api.Tests;

public sealed class ProductEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task List_pages_through_the_seeded_catalogue_without_gaps_or_repeats()
    {
        var seen = new List<int>();
        int? cursor = 0;
        var pages = 0;
        while (cursor is { } after && pages++ < 20)
        {
            var page = await _client.GetFromJsonAsync<Page<ProductResponse>>($"/api/products?limit=4&cursor={after}", JsonDefaults.Options);
            Assert.NotNull(page);
            Assert.InRange(page.Items.Count, 1, 4);
            seen.AddRange(page.Items.Select(product => product.Id));
            cursor = page.NextCursor;
        }

        Assert.True(pages > 1, "Expected more than one page of seeded products.");
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    }

    [DatabaseTheory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("cursor=-1")]
    [InlineData("limit=abc")]
    public async Task List_rejects_bad_paging_with_problem_details(string query)
    {
        var response = await _client.GetAsync($"/api/products?{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task Created_product_can_be_read_back_from_its_location()
    {
        var response = await _client.PostAsJsonAsync("/api/products", new CreateProductRequest("wc-900", "4K webcam", 119m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<ProductResponse>(JsonDefaults.Options);
        Assert.NotNull(created);
        Assert.Equal("WC-900", created.Sku);

        var read = await _client.GetFromJsonAsync<ProductResponse>(response.Headers.Location, JsonDefaults.Options);
        Assert.Equal(created, read);
    }

    [DatabaseFact]
    public async Task Duplicate_sku_is_a_conflict()
    {
        var request = new CreateProductRequest("DUP-1", "Duplicate", 5m);
        (await _client.PostAsJsonAsync("/api/products", request)).EnsureSuccessStatusCode();

        var second = await _client.PostAsJsonAsync("/api/products", request with { Sku = "dup-1" });

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("DUP-1", problem.Detail, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Invalid_product_gets_field_errors()
    {
        var response = await _client.PostAsJsonAsync("/api/products", new { sku = "not a sku!", name = "", unitPrice = -1 });

        var problem = await response.AssertValidationProblemAsync();
        Assert.Contains("Sku", problem.Errors.Keys);
        Assert.Contains("Name", problem.Errors.Keys);
        Assert.Contains("UnitPrice", problem.Errors.Keys);
    }

    [DatabaseFact]
    public async Task Malformed_json_is_a_bad_request_not_a_server_error()
    {
        using var content = new StringContent("{\"sku\": \"AB-1\", ", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/products", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.Detail, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Unknown_product_is_not_found()
    {
        var response = await _client.GetAsync("/api/products/987654");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Update_with_the_current_version_succeeds_and_bumps_it()
    {
        var created = await CreateAsync("UPD-1");

        var response = await _client.PutAsJsonAsync($"/api/products/{created.Id}", new UpdateProductRequest("Renamed", 20m, created.Version));

        response.EnsureSuccessStatusCode();
        var updated = await response.Content.ReadFromJsonAsync<ProductResponse>(JsonDefaults.Options);
        Assert.Equal(("Renamed", 20m, created.Version + 1), (updated!.Name, updated.UnitPrice, updated.Version));
    }

    [DatabaseFact]
    public async Task Update_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var created = await CreateAsync("UPD-2");
        (await _client.PutAsJsonAsync($"/api/products/{created.Id}", new UpdateProductRequest("First writer", 20m, created.Version)))
            .EnsureSuccessStatusCode();

        var stale = await _client.PutAsJsonAsync($"/api/products/{created.Id}", new UpdateProductRequest("Second writer", 30m, created.Version));

        await stale.AssertProblemAsync(HttpStatusCode.Conflict);
        var current = await _client.GetFromJsonAsync<ProductResponse>($"/api/products/{created.Id}", JsonDefaults.Options);
        Assert.Equal("First writer", current!.Name);
    }

    [DatabaseFact]
    public async Task Update_of_an_unknown_product_is_not_found()
    {
        var response = await _client.PutAsJsonAsync("/api/products/987654", new UpdateProductRequest("Nothing", 1m, 0));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<ProductResponse> CreateAsync(string sku)
    {
        var response = await _client.PostAsJsonAsync("/api/products", new CreateProductRequest(sku, "Test product", 10m));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ProductResponse>(JsonDefaults.Options))!;
    }
}
