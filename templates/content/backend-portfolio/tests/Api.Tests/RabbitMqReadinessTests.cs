#if (UseRabbitMq)
using System.Net;

namespace PortfolioSample.Api.Tests;

/// <summary>The app on the real broker reports ready: its readiness check reaches the broker with the configured settings.</summary>
public sealed class RabbitMqReadinessTests(BrokerFactory factory) : IClassFixture<BrokerFactory>
{
    [RabbitMqFact]
    public async Task Readiness_includes_the_broker()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
#endif
