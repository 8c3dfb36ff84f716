using Microsoft.AspNetCore.Hosting;
#if (UseJwt)
using System.Net.Http.Headers;
#endif
#if (UseRabbitMq)
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Infrastructure.Messaging;
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
#endif

namespace PortfolioSample.Api.Tests;

/// <summary>
/// The API (<see cref="AppFactory"/>), seeded exactly as in Development, with a rate limit no test reaches.
#if (!NoMessaging)
/// The outbox dispatcher does not run in the background here, so order statuses only change when a test says so;
/// see <see cref="DispatchingApiFactory"/> for the app as it runs in production.
#endif
/// </summary>
#if (NoMessaging)
public sealed class ApiFactory : AppFactory
#else
public class ApiFactory : AppFactory
#endif
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:PermitLimit", "10000");
#if (!NoMessaging)
        builder.UseSetting("Messaging:DispatcherEnabled", "false");
#endif
#if (UseJwt)
        foreach (var (key, value) in TestTokens.BearerSettings)
        {
            builder.UseSetting(key, value);
        }
#endif
#if (UseRabbitMq)
        if (!UsesBroker)
        {
            // The outbox delivers to the order worker in-process, so the outbox, inbox and dead-letter tests need no broker.
            builder.ConfigureServices(services =>
            {
                services.AddOrderWorker();
                services.AddSingleton<IOutboxDelivery, InProcessDelivery>();
            });
        }
#endif
    }
#if (UseJwt)

    /// <summary>Clients act as a user with the write scope; <see cref="AuthenticationTests"/> takes it away.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(Clock, "api:write"));
    }
#endif
}
