using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>The README's first set-up command must keep working: build, install, generate, and serve.</summary>
public sealed class DemoScriptTests
{
    [Fact]
    public async Task Demo_script_builds_generates_and_serves_the_sample_on_localhost()
    {
        var port = RunningApp.FreePort();
        var logFile = Path.Combine(Repository.ArtifactsFolder, "demo-script.log");
        using var demo = ProcessRunner.Start(
            Path.Combine(Repository.Root, "eng", "demo.sh"),
            ["Demo.Check"],
            Repository.Root,
            logFile,
            new Dictionary<string, string> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(5);
            string? ready = null;
            while (ready is null && DateTime.UtcNow < deadline && !demo.HasExited)
            {
                try
                {
                    ready = await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative));
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or listening but still starting (a request then waits out the client's
                    // timeout on a busy machine): asked again until the deadline.
                    await Task.Delay(1000);
                }
            }

            var log = ProcessRunner.ReadLog(logFile);
            Assert.True(ready == "Healthy", $"The demo did not become ready:{Environment.NewLine}{log}");
            Assert.Contains($"API reference:     http://localhost:{port}/docs", log, StringComparison.Ordinal);
            Assert.Contains("\"sku\":\"KB-101\"", await client.GetStringAsync(new Uri("/api/products?limit=1", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
                await demo.WaitForExitAsync();
            }
        }
    }
}
