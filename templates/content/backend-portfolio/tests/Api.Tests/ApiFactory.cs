using Microsoft.AspNetCore.Hosting;
#if (UseJwt)
using System.Net.Http.Headers;
#endif
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
#if (UseRabbitMq)
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PortfolioSample.Infrastructure.Messaging;
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
#endif
using Microsoft.Extensions.Time.Testing;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// Runs the real application in memory against a real database of its own (<see cref="TestDatabase"/>), migrated
/// and seeded exactly as in Development. Each test class gets a fresh database through <see cref="IClassFixture{TFixture}"/>.
#if (!NoMessaging)
/// The outbox dispatcher does not run in the background here, so order statuses only change when a test says so;
/// see <see cref="DispatchingApiFactory"/> for the app as it runs in production.
#endif
/// </summary>
#if (UseServerDatabase && !NoMessaging)
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
#elif (UseServerDatabase)
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
#elif (!NoMessaging)
public class ApiFactory : WebApplicationFactory<Program>
#else
public sealed class ApiFactory : WebApplicationFactory<Program>
#endif
{
    private readonly TestDatabase _database = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
#if (UseRabbitMq)

    /// <summary>A queue of this factory's own on the test broker, so test classes never consume each other's messages.</summary>
    public string QueueName { get; } = "tests-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Whether messages go through the broker named by <see cref="RabbitMqBroker.Variable"/>. Otherwise the outbox
    /// delivers to the order worker in-process, so the outbox, inbox and dead-letter tests need no broker.
    /// </summary>
    protected virtual bool UsesBroker => false;
#endif

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("RateLimiting:PermitLimit", "10000");
#if (!NoMessaging)
        builder.UseSetting("Messaging:DispatcherEnabled", "false");
#endif
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
#if (UseJwt)
        foreach (var (key, value) in TestTokens.BearerSettings)
        {
            builder.UseSetting(key, value);
        }
#endif
#if (UseRabbitMq)
        builder.UseSetting("ConnectionStrings:RabbitMq", RabbitMqBroker.ConnectionString ?? "amqp://guest:guest@127.0.0.1:5672/");
        builder.UseSetting("RabbitMq:QueueName", QueueName);
        if (!UsesBroker)
        {
            builder.ConfigureServices(services =>
            {
                services.AddOrderWorker();
                services.AddSingleton<IOutboxDelivery, InProcessDelivery>();
                services.Configure<HealthCheckServiceOptions>(options =>
                    options.Registrations.Remove(options.Registrations.Single(check => check.Name == BrokerHealthCheck.Name)));
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

#if (UseServerDatabase)
    // xunit initialises a class fixture before the first test of its class, so the app starts with the database known.
    Task IAsyncLifetime.InitializeAsync() => _database.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

#endif
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
