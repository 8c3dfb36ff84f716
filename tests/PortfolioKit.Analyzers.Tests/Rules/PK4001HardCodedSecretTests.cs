using PortfolioKit.Analyzers.Security;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK4001HardCodedSecretTests
{
    private const string SigningKeyStub = """

        namespace Microsoft.IdentityModel.Tokens
        {
            public class SymmetricSecurityKey(byte[] key) { }
        }
        """;

    [Fact]
    public Task Reports_connection_string_passwords_named_secrets_and_signing_keys() =>
        Verify<HardCodedSecretAnalyzer>.LibraryAsync("""
            using System.Net;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public class Settings
            {
                public const string Db = {|PK4001:"Host=db;Database=shop;Username=shop;Password=Sup3rS3cret!"|};
                private const string ApiKey = {|PK4001:"sk_live_51HxY2aBcDeFgHiJk"|};

                public string ClientSecret { get; set; } = {|PK4001:"9f8e7d6c5b4a3f2e1d0c"|};

                public object Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|PK4001:"my-very-long-jwt-signing-key-2024"|}));

                public NetworkCredential Credential() => new("admin", {|PK4001:"P@ssw0rd1"|});
            }
            """ + SigningKeyStub);

    [Fact]
    public Task Ignores_configuration_keys_and_placeholders() =>
        Verify<HardCodedSecretAnalyzer>.LibraryAsync("""
            public class Settings
            {
                public const string ApiKeySection = "Payments:ApiKey";
                public const string JwtSecret = "Jwt:Secret";
                public const string PasswordVariable = "DB_PASSWORD";
                public const string Template = "Host=db;Username=shop;Password={0}";
                public const string Placeholder = "Host=db;Username=shop;Password=<password>";
                public const string FromEnvironment = "Host=db;Username=shop;Password=${DB_PASSWORD}";
                private string _secret = "";
            }
            """);

    [Fact]
    public Task Ignores_names_that_describe_where_a_secret_lives() =>
        Verify<HardCodedSecretAnalyzer>.LibraryAsync("""
            public class Names
            {
                public const string ApiKeyHeaderName = "X-Api-Key";
                public const string PasswordFieldName = "password";
                public const string ClientSecretPath = "/run/secrets/client_secret";
                public const string ApiKeyHeader = "X-API-KEY";
                private const string AccessToken = "access_token";
                private const string UserAccessToken = "userAccessToken";
            }
            """);

    [Fact]
    public Task Ignores_connection_strings_without_passwords() =>
        Verify<HardCodedSecretAnalyzer>.LibraryAsync("""
            public class Settings
            {
                public const string Sqlite = "Data Source=app.db";
                public const string Integrated = "Server=.;Database=Shop;Trusted_Connection=True";
                public const string EmptyPassword = "Host=localhost;Username=postgres;Password=";
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<HardCodedSecretAnalyzer>.IncompleteAsync("""
            class S { string Password = "Host=db;Password=
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);

    /// <summary>Each place a named value can receive a literal: locals, assignments, arguments, fields, properties.</summary>
    [Fact]
    public Task Reports_literals_by_the_name_that_receives_them() =>
        Verify<HardCodedSecretAnalyzer>.LibraryAsync("""
            public class Client
            {
                private static readonly string signingKey = {|PK4001:"k3y-9f8e7d6c5b4a"|};

                public string Password { get; set; } = "";

                public object? Secret { get; set; }

                public void Configure()
                {
                    var apiKey = {|PK4001:"sk_live_9f8e7d6c"|};
                    string userName = "sk_live_9f8e7d6c", passwordHash = "sk_live_9f8e7d6c";
                    Password = {|PK4001:"hunter2hunter2"|};
                    Secret = {|PK4001:"hunter2hunter2"|};
                    Password = ("<password>");
                    Connect({|PK4001:"hunter2hunter2"|}, "hunter2hunter2");
                }

                private static void Connect(string password, string user) { }
            }
            """);

    /// <summary>Regression (issue 20): constants named after passwords that hold routes or message templates.</summary>
    [Fact]
    public Task Ignores_password_routes_and_message_templates() =>
        Verify<HardCodedSecretAnalyzer>.LibraryAsync("""
            public static class AccountRoutes
            {
                public const string ResetPasswordRoute = "/account/reset-password";
                public const string ForgotPassword = "/account/forgot-password";
                public const string PasswordChangedTemplate = "Password-changed-for-{UserId}";
                public const string PasswordResetSubject = "Reset-your-password";
                public const string AdminPassword = {|PK4001:"Adm1n!2024"|};
            }
            """);
}
