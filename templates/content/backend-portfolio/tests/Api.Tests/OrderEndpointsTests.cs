using System.Net;
using System.Net.Http.Json;
using PortfolioSample.Api.Common;
using PortfolioSample.Api.Features.Orders;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Api.Tests;

public sealed class OrderEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task Placing_an_order_snapshots_prices_and_stamps_the_injected_clock()
    {
        var order = await PlaceAsync(new OrderLineRequest(1, 2), new OrderLineRequest(2, 1));

        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(factory.Clock.GetUtcNow(), order.PlacedAt);
        Assert.Equal(2, order.Lines.Count);
        Assert.Equal(order.Lines.Sum(line => line.LineTotal), order.Total);
    }

    [DatabaseFact]
    public async Task Unknown_products_are_reported_per_line()
    {
        var response = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("ada@example.com", [new(1, 1), new(999_999, 1)]));

        var problem = await response.AssertValidationProblemAsync();
        Assert.Equal(["Lines[1].ProductId"], problem.Errors.Keys);
    }

    [DatabaseFact]
    public async Task A_null_line_is_a_validation_error_not_a_server_error()
    {
        using var content = new StringContent("""{"customerEmail":"ada@example.com","lines":[{"productId":1,"quantity":1},null]}""", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync(new Uri("/api/orders", UriKind.Relative), content);

        var problem = await response.AssertValidationProblemAsync();
        Assert.Equal(["Lines[1]"], problem.Errors.Keys);
    }

    [DatabaseFact]
    public async Task Order_without_lines_or_with_a_bad_email_is_rejected()
    {
        var response = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("not-an-email", []));

        var problem = await response.AssertValidationProblemAsync();
        Assert.Contains("CustomerEmail", problem.Errors.Keys);
        Assert.Contains("Lines", problem.Errors.Keys);
    }

    [DatabaseFact]
    public async Task Cancelling_twice_is_a_conflict()
    {
        var order = await PlaceAsync(new OrderLineRequest(3, 1));

        var first = await _client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new CancelOrderRequest(order.Version));
        first.EnsureSuccessStatusCode();
        var cancelled = await first.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options);
        Assert.Equal(OrderStatus.Cancelled, cancelled!.Status);

        var second = await _client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new CancelOrderRequest(cancelled.Version));
        await second.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [DatabaseFact]
    public async Task Cancelling_with_a_stale_version_is_a_conflict()
    {
        var order = await PlaceAsync(new OrderLineRequest(4, 1));

        var response = await _client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new CancelOrderRequest(order.Version + 7));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var current = await _client.GetFromJsonAsync<OrderResponse>($"/api/orders/{order.Id}", JsonDefaults.Options);
        Assert.Equal(OrderStatus.Placed, current!.Status);
    }

    [DatabaseFact]
    public async Task List_filters_by_status()
    {
        var placed = await PlaceAsync(new OrderLineRequest(5, 1));
        var toCancel = await PlaceAsync(new OrderLineRequest(5, 2));
        (await _client.PostAsJsonAsync($"/api/orders/{toCancel.Id}/cancel", new CancelOrderRequest(toCancel.Version))).EnsureSuccessStatusCode();

        var page = await _client.GetFromJsonAsync<Page<OrderSummaryResponse>>("/api/orders?status=Cancelled&limit=100", JsonDefaults.Options);

        Assert.NotNull(page);
        Assert.All(page.Items, order => Assert.Equal(OrderStatus.Cancelled, order.Status));
        Assert.Contains(page.Items, order => order.Id == toCancel.Id);
        Assert.DoesNotContain(page.Items, order => order.Id == placed.Id);
    }

    [DatabaseFact]
    public async Task Unknown_status_filter_is_a_bad_request()
    {
        var response = await _client.GetAsync("/api/orders?status=Teleported");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task Unknown_order_is_not_found()
    {
        var response = await _client.GetAsync("/api/orders/987654");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<OrderResponse> PlaceAsync(params OrderLineRequest[] lines)
    {
        var response = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("grace@example.com", lines));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options))!;
    }
}
