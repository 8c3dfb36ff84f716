using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PortfolioKit.Templates.Tests.Infrastructure;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// `--auth jwt`, on backend-api's option-matrix row (backend-api shares the flagship's API content, so this covers both;
/// the matrix builds and tests both templates with it): the generated solution builds, its own 401/403/201 tests pass, and the README's Development flow
/// works as written: `dotnet user-jwts create` mints tokens the running app accepts for writes and refuses without
/// the api:write scope.
/// </summary>
public sealed partial class AuthenticationOptionTests(TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<TemplatePackFixture>
{
    [Fact]
    public async Task Jwt_protects_writes_with_the_documented_development_tokens()
    {
        // The option matrix's backend-api row with --auth jwt on SQLite: built, and its own 401/403/201 tests passed there.
        var row = (await OptionMatrix.RunOnceAsync(pack)).BuiltFolder(
            row => row.Template == "backend-api" && row.Engine == "sqlite" && row.Choices["auth"] == "jwt",
            "backend-api --auth jwt on SQLite");
        // user-jwts edits the project's appsettings.Development.json: a copy of the row's sources, so that the tests
        // running the row's own build at the same time see it as generated.
        var folder = Path.Combine(pack.WorkRoot, "out", "jwt-" + Guid.NewGuid().ToString("N")[..8], Path.GetFileName(row));
        OutputTree.CopySources(row, folder);
        Assert.Contains("dotnet user-jwts create --project src/Api --scope \"api:write\"", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer {{Token}}", File.ReadAllText(Path.Combine(folder, "src", "Api", "Api.http")), StringComparison.Ordinal);

        var userSecrets = UserSecretsFolder(folder);
        try
        {
            // As the README says, before `dotnet run`: user-jwts adds the issuer and audiences to
            // appsettings.Development.json, which the build of the API copies next to the app.
            var writeToken = await UserJwtAsync(folder, "--scope", "api:write");
            var readOnlyToken = await UserJwtAsync(folder);
            (await ProcessRunner.RunAsync("dotnet", ["build", Path.Combine("src", "Api"), "--configuration", "Release", "-warnaserror", "-nodeReuse:false"], folder, TimeSpan.FromMinutes(5)))
                .EnsureSuccess("Building the API after dotnet user-jwts");

            await using var app = await RunningApp.StartAsync(GeneratedSolution.ApiAssembly(folder));
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri("/api/products?limit=1", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await PostProductAsync(app.Client, token: null, "JWT-001"));
            Assert.Equal(HttpStatusCode.Forbidden, await PostProductAsync(app.Client, readOnlyToken, "JWT-002"));
            Assert.Equal(HttpStatusCode.Created, await PostProductAsync(app.Client, writeToken, "JWT-003"));

            // The API reference reads the document's Bearer scheme and asks for the token it then sends.
            var docs = await HeadlessBrowser.RenderDomAsync(new Uri(app.BaseAddress, "/docs/"));
            Assert.Contains("Bearer Token", docs, StringComparison.Ordinal);
            output.WriteLine($"Tokens minted and checked on {folder}.");
        }
        finally
        {
            if (Directory.Exists(userSecrets))
            {
                Directory.Delete(userSecrets, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("backend-portfolio")]
    [InlineData("backend-api")]
    public async Task Without_jwt_there_is_no_authentication_code(string template)
    {
        var folder = await pack.GenerateAsync(template, "Acme.Open");

        Assert.False(File.Exists(Path.Combine(folder, "src", "Api", "Hosting", "AuthenticationExtensions.cs")));
        Assert.False(File.Exists(Path.Combine(folder, "tests", "Api.Tests", "AuthenticationTests.cs")));
        Assert.DoesNotContain("JwtBearer", File.ReadAllText(Path.Combine(folder, "Directory.Packages.props")), StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", File.ReadAllText(Path.Combine(folder, "src", "Api", "Api.http")), StringComparison.Ordinal);
        Assert.DoesNotContain("user-jwts", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> PostProductAsync(HttpClient client, string? token, string sku)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/products", UriKind.Relative))
        {
            Content = JsonContent.Create(new { sku, name = "Token-protected product", unitPrice = 12.50m }),
        };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> UserJwtAsync(string folder, params string[] options)
    {
        var result = (await ProcessRunner.RunAsync(
                "dotnet", ["user-jwts", "create", "--project", Path.Combine("src", "Api"), .. options, "--output", "token"], folder, TimeSpan.FromMinutes(2)))
            .EnsureSuccess("dotnet user-jwts create");
        return result.Output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Where `dotnet user-secrets` keeps this project's secrets, so the test can remove the key it made.</summary>
    private static string UserSecretsFolder(string folder)
    {
        var id = UserSecretsId().Match(File.ReadAllText(Path.Combine(folder, "src", "Api", "Api.csproj"))).Groups[1].Value;
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets", id);
    }

    [GeneratedRegex("<UserSecretsId>([^<]+)</UserSecretsId>")]
    private static partial Regex UserSecretsId();
}
