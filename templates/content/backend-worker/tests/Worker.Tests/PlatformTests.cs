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
        Assert.True(problem.Errors.Keys.Contains("type", StringComparer.OrdinalIgnoreCase), string.Join(", ", problem.Errors.Keys));
    }

    [DatabaseFact]
    public async Task A_message_without_a_payload_is_refused_with_a_validation_problem()
    {
        var response = await _client.PostAsJsonAsync("/api/messages", new { type = "stock-received.v1" });

        var problem = await AssertValidationProblemAsync(response);
        Assert.True(problem.Errors.Keys.Contains("payload", StringComparer.OrdinalIgnoreCase), string.Join(", ", problem.Errors.Keys));
    }

    [DatabaseFact]
    public async Task Unreadable_json_is_a_bad_request_with_problem_details()
    {
        using var body = new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync(new Uri("/api/messages", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [DatabaseTheory]
    [InlineData("""{"type":"stock-received.v1","payload":{},"id":"not-a-guid"}""")]
    [InlineData("""{"type":"stock-received.v1","payload":null}""")]
    [InlineData("""{"type":null,"payload":{}}""")]
    public async Task A_message_the_document_calls_invalid_is_refused(string json)
    {
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync(new Uri("/api/messages", UriKind.Relative), body);

        await AssertValidationProblemAsync(response);
    }

    /// <summary>The document at /openapi/v1.json states what the intake requires and every error it answers with.</summary>
    [DatabaseFact]
    public async Task The_openapi_document_states_the_intake_contract()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await _client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var intake = document["paths"]!["/api/messages"]!["post"]!;
        var request = document["components"]!["schemas"]!["EnqueueMessageRequest"]!;

        Assert.Equal(["type", "payload"], request["required"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(1, request["properties"]!["type"]!["minLength"]!.GetValue<int>());
        Assert.Equal(["202", "400", "415"], intake["responses"]!.AsObject().Select(response => response.Key).Order(StringComparer.Ordinal));
        using var text = new StringContent("stock-received.v1", System.Text.Encoding.UTF8, "text/plain");
        var response = await _client.PostAsync(new Uri("/api/messages", UriKind.Relative), text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
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
