using System.Net;
using System.Net.Http.Json;
using PortfolioSample.Api.Common;
using PortfolioSample.Api.Features.Gizmos;
using PortfolioSample.Domain.Gizmos;

namespace PortfolioSample.Api.Tests;

public sealed class GizmoEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Route = "/api/gizmo-route";

    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task Created_one_can_be_read_back_from_its_location()
    {
        var response = await _client.PostAsJsonAsync(Route, new CreateGizmoRequest("  First  ", "Described"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<GizmoResponse>(JsonDefaults.Options);
        Assert.NotNull(created);
        Assert.Equal(("First", "Described"), (created.Name, created.Description));

        var read = await _client.GetFromJsonAsync<GizmoResponse>(response.Headers.Location, JsonDefaults.Options);
        Assert.Equal(created, read);
    }

    [DatabaseFact]
    public async Task List_pages_through_everything_created_without_gaps_or_repeats()
    {
        var created = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await CreateAsync($"Paged {i}")).Id);
        }

        var seen = new List<int>();
        int? cursor = 0;
        var pages = 0;
        while (cursor is { } after && pages++ < 20)
        {
            var page = await _client.GetFromJsonAsync<Page<GizmoResponse>>($"{Route}?limit=2&cursor={after}", JsonDefaults.Options);
            Assert.NotNull(page);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(item => item.Id));
            cursor = page.NextCursor;
        }

        Assert.True(pages >= 3, "Expected five rows to take at least three pages of two.");
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Subset(seen.ToHashSet(), created.ToHashSet());
    }

    [DatabaseFact]
    public async Task Invalid_request_gets_field_errors()
    {
        var response = await _client.PostAsJsonAsync(Route, new { name = "", description = new string('x', Gizmo.DescriptionMaxLength + 1) });

        var problem = await response.AssertValidationProblemAsync();
        Assert.Contains("Name", problem.Errors.Keys);
        Assert.Contains("Description", problem.Errors.Keys);
    }

    [DatabaseFact]
    public async Task The_description_may_be_left_out_but_the_name_may_not()
    {
        var withoutDescription = await _client.PostAsJsonAsync(Route, new { name = "Only a name" });
        var withoutName = await _client.PostAsJsonAsync(Route, new { description = "No name" });

        Assert.Equal(HttpStatusCode.Created, withoutDescription.StatusCode);
        Assert.Null((await withoutDescription.Content.ReadFromJsonAsync<GizmoResponse>(JsonDefaults.Options))!.Description);
        await withoutName.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [DatabaseTheory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("cursor=-1")]
    public async Task List_rejects_bad_paging_with_problem_details(string query)
    {
        var response = await _client.GetAsync($"{Route}?{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task Unknown_id_is_not_found()
    {
        var response = await _client.GetAsync($"{Route}/987654");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<GizmoResponse> CreateAsync(string name)
    {
        var response = await _client.PostAsJsonAsync(Route, new CreateGizmoRequest(name, null));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<GizmoResponse>(JsonDefaults.Options))!;
    }
}
