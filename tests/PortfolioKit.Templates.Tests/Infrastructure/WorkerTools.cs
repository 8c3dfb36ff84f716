using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PortfolioKit.Templates.Tests.Infrastructure;

internal static class WorkerTools
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The worker's entry assembly: the only one in its output with a runtimeconfig.json beside it.</summary>
    public static string Assembly(string folder) =>
        Directory.GetFiles(Path.Combine(folder, "src", "Worker", "bin", "Release", "net10.0"), "*.runtimeconfig.json").Single()[..^".runtimeconfig.json".Length] + ".dll";

    public static string NewDatabaseFile(TemplatePackFixture pack) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(pack.WorkRoot, "worker-" + Guid.NewGuid().ToString("N")[..8])).FullName, "worker.db");

    /// <summary>Development (intake on, migrations at start-up) on a database file of the test's own.</summary>
    public static Dictionary<string, string> Environment(string database, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Database"] = $"Data Source={database}",
            ["Messaging__PollingInterval"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }

    public static async Task SendAsync(HttpClient client, Guid id, string sku, int quantity)
    {
        using var response = await client.PostAsJsonAsync("/api/messages", new { id, type = "stock-received.v1", payload = new { sku, quantity } }, Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
