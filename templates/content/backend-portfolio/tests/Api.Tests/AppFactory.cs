using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
#if (UseRabbitMq)
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
#endif
using Microsoft.Extensions.Time.Testing;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// Runs the real host in memory, in Development, against a real database of its own (<see cref="TestDatabase"/>),
/// migrated at start-up, on a clock the tests move (<see cref="Clock"/>). Each test class gets a fresh database through
/// <see cref="IClassFixture{TFixture}"/>. Subclasses add what their host needs.
/// </summary>
#if (UseServerDatabase)
public abstract class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
#else
public abstract class AppFactory : WebApplicationFactory<Program>
#endif
{
    private readonly TestDatabase _database = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
#if (UseRabbitMq)

    /// <summary>A queue of this factory's own on the test broker, so test classes never consume each other's messages.</summary>
    public string QueueName { get; } = "tests-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Whether the app talks to the broker named by <see cref="RabbitMqBroker.Variable"/>: then readiness checks it, and
    /// the queue is deleted with the factory. Otherwise readiness leaves the broker out.
    /// </summary>
    protected virtual bool UsesBroker => false;
#endif

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
#if (UseRabbitMq)
        builder.UseSetting("ConnectionStrings:RabbitMq", RabbitMqBroker.ConnectionString ?? "amqp://guest:guest@127.0.0.1:5672/");
        builder.UseSetting("RabbitMq:QueueName", QueueName);
        if (!UsesBroker)
        {
            builder.ConfigureServices(services => services.Configure<HealthCheckServiceOptions>(options =>
                options.Registrations.Remove(options.Registrations.Single(check => check.Name == BrokerHealthCheck.Name))));
        }
#endif
    }
#if (UseServerDatabase)

    // xunit initialises a class fixture before the first test of its class, so the app starts with the database known.
    Task IAsyncLifetime.InitializeAsync() => _database.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
#endif

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
#if (UseRabbitMq)
        if (UsesBroker)
        {
            await RabbitMqBroker.DeleteQueueAsync(QueueName);
        }
#endif
        GC.SuppressFinalize(this);
    }
}
