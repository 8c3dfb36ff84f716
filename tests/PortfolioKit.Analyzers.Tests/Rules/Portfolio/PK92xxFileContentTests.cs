using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9201SecretInAppSettingsTests
{
    private static Task VerifyAsync(string json, string path = "src/Api/appsettings.json") =>
        new RepositoryScenario().With(path, "AppSettings", json).VerifyAsync<SecretInAppSettingsAnalyzer>();

    [Fact]
    public Task Reports_a_connection_string_password_on_its_value() => VerifyAsync("""
        {
          // development database
          "ConnectionStrings": {
            "Database": "{|PK9201:Host=localhost;Database=shop;Username=postgres;Password=postgres|}",
          },
        }
        """);

    [Fact]
    public Task Reports_keys_and_tokens_under_secret_names() => VerifyAsync("""
        {
          "Jwt": { "Issuer": "shop", "Key": "{|PK9201:my-super-secret-signing-key-2024|}" },
          "Stripe": { "SecretKey": "{|PK9201:rk_test_51Hx9Q2eZvKYlo2C|}" },
          "GitHub": { "Token": "{|PK9201:ghp_abcdefghijklmnopqrstuvwxyz0123456789|}" },
          "Smtp": { "Password": "{|PK9201:hunter22|}" },
          "Webhooks": [ "{|PK9201:https://x.test/?AKIAABCDEFGHIJKLMNOP|}" ]
        }
        """);

    [Fact]
    public Task Accepts_placeholders_references_and_settings_about_secrets() => VerifyAsync("""
        {
          "ConnectionStrings": {
            "Database": "",
            "Server": "Host=db;Username=app;Password=${DB_PASSWORD}",
            "Local": "Server=localhost;User ID=root;Password=<your-password>",
            "Sqlite": "Data Source=data/app.db",
            "Trusted": "Server=.;Database=Shop;Integrated Security=true"
          },
          "Jwt": { "Key": "", "Issuer": "shop", "Audience": "shop-clients" },
          "ApiKey": "changeme",
          "Stripe": { "SecretKey": "YOUR_STRIPE_SECRET_KEY" },
          "Identity": { "PasswordHasher": "Argon2id", "TokenLifetime": "01:00:00", "Password": { "RequiredLength": 12 } },
          "KeyVault": { "SecretName": "db-password" },
          "AllowedHosts": "*"
        }
        """);

    [Fact]
    public Task Skips_settings_inside_a_test_project() =>
        new RepositoryScenario()
            .WithProject("tests/Api.Tests/Api.Tests.csproj")
            .With("tests/Api.Tests/appsettings.json", "AppSettings", """{ "ConnectionStrings": { "Db": "Host=localhost;Password=throwaway1" } }""")
            .VerifyAsync<SecretInAppSettingsAnalyzer>();

    [Fact]
    public Task Survives_malformed_json() => VerifyAsync("""
        { "ConnectionStrings": { "Db": "Password={|PK9201:abc123|}
        """.Replace("Password={|PK9201:abc123|}", "{|PK9201:Password=abc123|}", StringComparison.Ordinal));
}

public class PK9202ContainerRunsAsRootTests
{
    private static Task VerifyAsync(string dockerfile) =>
        new RepositoryScenario().With("Dockerfile", "Dockerfile", dockerfile).VerifyAsync<ContainerRunsAsRootAnalyzer>();

    [Fact]
    public Task Reports_a_final_stage_without_a_user_on_its_from_line() => VerifyAsync("""
        FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
        USER app
        RUN dotnet publish -o /app

        {|PK9202:FROM mcr.microsoft.com/dotnet/aspnet:10.0|}
        COPY --from=build /app .
        ENTRYPOINT ["dotnet", "Shop.Api.dll"]
        """);

    [Fact]
    public Task Reports_switching_back_to_root_on_the_user_line() => VerifyAsync("""
        FROM mcr.microsoft.com/dotnet/aspnet:10.0
        USER app
        COPY out/ .
        {|PK9202:USER root|}
        ENTRYPOINT ["dotnet", "Shop.Api.dll"]
        """);

    [Theory]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER app\nENTRYPOINT [\"dotnet\", \"a.dll\"]")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER $APP_UID")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\nCOPY out/ .")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nUSER app\n\nFROM base AS final\nCOPY out/ .")]
    [InlineData("FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/")]
    [InlineData("# escape=`\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nRUN echo a `\n    && echo b\nUSER 1000:1000")]
    public Task Accepts_a_non_root_final_stage(string dockerfile) => VerifyAsync(dockerfile);
}

public class PK9203SingleStageContainerBuildTests
{
    private static Task VerifyAsync(string dockerfile) =>
        new RepositoryScenario().With("src/Api/Dockerfile", "Dockerfile", dockerfile).VerifyAsync<SingleStageContainerBuildAnalyzer>();

    [Fact]
    public Task Reports_building_in_the_sdk_image() => VerifyAsync("""
        # syntax=docker/dockerfile:1
        {|PK9203:FROM mcr.microsoft.com/dotnet/sdk:10.0|}
        COPY . .
        RUN dotnet publish src/Api -c Release -o /app
        ENTRYPOINT ["dotnet", "/app/Shop.Api.dll"]
        """);

    [Fact]
    public Task Reports_a_node_build_in_one_stage() => VerifyAsync("""
        {|PK9203:FROM node:22|}
        COPY . .
        RUN npm ci \
            && npm run build
        """);

    [Theory]
    [InlineData("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app .")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY bin/Release/net10.0/publish/ .\nUSER app")]
    [InlineData("")]
    public Task Accepts_a_multi_stage_build_or_a_runtime_only_image(string dockerfile) => VerifyAsync(dockerfile);
}
