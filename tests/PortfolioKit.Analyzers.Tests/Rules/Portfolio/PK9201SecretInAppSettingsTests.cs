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
