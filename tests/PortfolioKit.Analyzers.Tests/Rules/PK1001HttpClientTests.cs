using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK1001HttpClientTests
{
    [Fact]
    public Task Reports_client_created_in_a_minimal_api_handler() =>
        Verify<HttpClientCreatedPerUseAnalyzer>.ProgramAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = Microsoft.AspNetCore.Builder.WebApplication.Create();
            app.MapGet("/weather", async () =>
            {
                using var client = {|PK1001:new System.Net.Http.HttpClient()|};
                return await client.GetStringAsync("https://example.org");
            });
            app.Run();
            """);

    [Fact]
    public Task Reports_client_created_per_service_instance() =>
        Verify<HttpClientCreatedPerUseAnalyzer>.LibraryAsync("""
            using System.Net.Http;

            public class WeatherService
            {
                private readonly HttpClient _client = {|PK1001:new HttpClient(new HttpClientHandler())|};

                public System.Threading.Tasks.Task<string> Get() => _client.GetStringAsync("https://example.org");
            }
            """);

    [Fact]
    public Task Ignores_a_static_client_shared_by_the_process() =>
        Verify<HttpClientCreatedPerUseAnalyzer>.LibraryAsync("""
            using System;
            using System.Net.Http;

            public static class Shared
            {
                private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly Lazy<HttpClient> LazyClient = new(() => new HttpClient());
                private static readonly HttpClient FromConstructor;

                static Shared() => FromConstructor = new HttpClient();
            }
            """);

    [Fact]
    public Task Ignores_a_client_over_a_shared_handler() =>
        Verify<HttpClientCreatedPerUseAnalyzer>.LibraryAsync("""
            using System.Net.Http;

            public class Gateway(HttpMessageHandler handler)
            {
                public HttpClient Create() => new HttpClient(handler, disposeHandler: false);
            }
            """);

    [Fact]
    public Task Ignores_typed_clients_from_the_factory() =>
        Verify<HttpClientCreatedPerUseAnalyzer>.LibraryAsync("""
            using System.Net.Http;

            public class WeatherClient(HttpClient client)
            {
                public System.Threading.Tasks.Task<string> Get() => client.GetStringAsync("/forecast");
            }

            public class Factory(IHttpClientFactory factory)
            {
                public HttpClient Create() => factory.CreateClient("weather");
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<HttpClientCreatedPerUseAnalyzer>.IncompleteAsync("""
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapGet("/", () => {|PK1001:new System.Net.Http.HttpClient(|}
            """);
}
