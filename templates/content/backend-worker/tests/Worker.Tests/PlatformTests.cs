using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace PortfolioSample.Worker.Tests;

/// <summary>The host around the consumer: probes, the intake's validation, and lookups.</summary>
public sealed class PlatformTests(WorkerFactory factory) : IClassFixture<WorkerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseTheory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [DatabaseFact]
    public async Task A_message_without_a_type_is_refused_with_a_validation_problem()
    {
        var response = await _client.PostAsJsonAsync("/api/messages", new { payload = new { sku = "A", quantity = 1 } });

        var problem = await AssertValidationProblemAsync(response);
        Assert.True(problem.Errors.ContainsKey("Type"), string.Join(", ", problem.Errors.Keys));
    }

    [DatabaseFact]
    public async Task A_message_without_a_payload_is_refused_with_a_validation_problem()
    {
        var response = await _client.PostAsJsonAsync("/api/messages", new { type = "stock-received.v1" });

        var problem = await AssertValidationProblemAsync(response);
        Assert.True(problem.Errors.ContainsKey("Payload"), string.Join(", ", problem.Errors.Keys));
    }

    [DatabaseFact]
    public async Task Unreadable_json_is_a_bad_request_with_problem_details()
    {
        using var body = new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync(new Uri("/api/messages", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [DatabaseFact]
    public async Task An_unknown_sku_is_not_found()
    {
        var response = await _client.GetAsync(new Uri($"/api/stock/{TestData.NewSku()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [DatabaseFact]
    public async Task Dead_letter_paging_rejects_an_out_of_range_limit()
    {
        var response = await _client.GetAsync(new Uri("/api/dead-letters?limit=0", UriKind.Relative));

        await AssertValidationProblemAsync(response);
    }

    private static async Task<HttpValidationProblemDetails> AssertValidationProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!;
    }
}
