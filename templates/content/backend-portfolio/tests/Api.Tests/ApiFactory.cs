using Microsoft.AspNetCore.Hosting;
#if (UseJwt)
using System.Net.Http.Headers;
#endif
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// Runs the real application in memory against a real database of its own (<see cref="TestDatabase"/>), migrated
/// and seeded exactly as in Development. Each test class gets a fresh database through <see cref="IClassFixture{TFixture}"/>.
/// </summary>
#if (UseServerDatabase)
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
#else
public sealed class ApiFactory : WebApplicationFactory<Program>
#endif
{
    private readonly TestDatabase _database = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("RateLimiting:PermitLimit", "10000");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
#if (UseJwt)
        foreach (var (key, value) in TestTokens.BearerSettings)
        {
            builder.UseSetting(key, value);
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
    }
}
