using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// `backend-api`: the flagship's API, domain and data layers without the queue and worker, taken from the flagship's
/// own content (template.json "source": "../backend-portfolio/"), so both templates stay one code base. The build,
/// the generated tests and the HTTP checks run in <see cref="AuthenticationOptionTests"/> and the option matrix.
/// </summary>
public sealed class BackendApiTemplateTests(TemplatePackFixture pack) : IClassFixture<TemplatePackFixture>
{
    [Fact]
    public async Task Help_describes_every_option_and_offers_no_messaging()
    {
        var help = (await pack.DotNetNewAsync(["backend-api", "--help"], pack.WorkRoot)).EnsureSuccess("dotnet new backend-api --help").Output;

        Assert.Contains("the API, domain and data layers of backend-portfolio without the queue", help, StringComparison.Ordinal);
        Assert.Contains("--database <choice>", help, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL through", help, StringComparison.Ordinal);
        Assert.Contains("--auth <jwt|none>", help, StringComparison.Ordinal);
        Assert.Contains("JWT bearer tokens: reads stay public,", help, StringComparison.Ordinal);
        Assert.Contains("--license <choice>", help, StringComparison.Ordinal);
        Assert.Contains("--author-name <author-name>", help, StringComparison.Ordinal);
        Assert.Contains("--no-restore", help, StringComparison.Ordinal);
        Assert.Contains("--git", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--messaging", help, StringComparison.Ordinal);
    }

    /// <summary>
    /// backend-api declares the flagship's symbols but messaging (their definitions are checked against their one source
    /// by <see cref="TemplateSymbolsTests"/>) and renders the flagship's content with the same exclusions, the messaging
    /// ones applied always.
    /// </summary>
    [Fact]
    public void Shares_the_flagships_symbols_except_messaging()
    {
        var flagship = Config("backend-portfolio");
        var api = Config("backend-api");
        string[] messaging = ["messaging", "NoMessaging", "UseRabbitMq"];

        var flagshipSymbols = flagship["symbols"]!.AsObject().Where(symbol => !messaging.Contains(symbol.Key)).ToList();
        var apiSymbols = api["symbols"]!.AsObject().Where(symbol => !messaging.Contains(symbol.Key)).ToList();
        Assert.Equal(flagshipSymbols.Select(symbol => symbol.Key), apiSymbols.Select(symbol => symbol.Key));

        Assert.Equal("(true)", api["symbols"]!["NoMessaging"]!["value"]!.GetValue<string>());
        Assert.Equal("(false)", api["symbols"]!["UseRabbitMq"]!["value"]!.GetValue<string>());
        Assert.Equal("../backend-portfolio/", api["sources"]![0]!["source"]!.GetValue<string>());
        var flagshipModifiers = flagship["sources"]![0]!["modifiers"]!.AsArray().Select(Unconditional).ToList();
        var apiModifiers = api["sources"]![0]!["modifiers"]!.AsArray().ToList();
        Assert.Equal(flagshipModifiers.Count, apiModifiers.Count);
        Assert.All(flagshipModifiers.Zip(apiModifiers), pair => Assert.True(JsonNode.DeepEquals(pair.First, pair.Second), pair.Second!.ToJsonString()));

        static JsonNode Config(string template) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "templates", "content", template, ".template.config", "template.json")))!;

        // The flagship's messaging exclusions apply to backend-api always.
        static JsonNode? Unconditional(JsonNode? modifier)
        {
            var copy = modifier!.DeepClone().AsObject();
            if (copy["condition"]?.GetValue<string>() is { } condition && condition.Contains("messaging", StringComparison.Ordinal))
            {
                copy.Remove("condition");
            }

            return copy;
        }
    }

    [Fact]
    public async Task Generates_the_api_and_data_layers_without_queue_or_worker()
    {
        var folder = await pack.GenerateAsync("backend-api", "Acme.Catalog-Api", "--database", "postgres");

        Assert.True(File.Exists(Path.Combine(folder, "Acme.CatalogApi.slnx")));
        Assert.True(File.Exists(Path.Combine(folder, "src", "Api", "Features", "Products", "ProductEndpoints.cs")));
        Assert.True(File.Exists(Path.Combine(folder, "src", "Infrastructure", "Persistence", "AppDbContext.cs")));
        Assert.True(File.Exists(Path.Combine(folder, ".github", "workflows", "ci.yml")));
        Assert.False(Directory.Exists(Path.Combine(folder, "src", "Worker")));
        Assert.False(Directory.Exists(Path.Combine(folder, "src", "Infrastructure", "Messaging")));
        Assert.False(Directory.Exists(Path.Combine(folder, "src", "Api", "Features", "DeadLetters")));
        Assert.Empty(Directory.GetFiles(folder, "*AddMessaging*", SearchOption.AllDirectories));
        Assert.Equal(["Postgres"], Directory.GetDirectories(Path.Combine(folder, "src", "Infrastructure", "Persistence", "Migrations")).Select(Path.GetFileName));

        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.StartsWith("# Acme.Catalog-Api", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("outbox", readme, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("RabbitMQ", readme, StringComparison.Ordinal);
        Assert.Contains("<RootNamespace>Acme.CatalogApi.$(MSBuildProjectName)</RootNamespace>", File.ReadAllText(Path.Combine(folder, "Directory.Build.props")), StringComparison.Ordinal);
        CleanOutput.AssertClean(folder);
    }
}
