namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium in headless mode, with every background connection switched off (this machine has no outside
/// network) and a fresh profile per call. `--virtual-time-budget` lets the page's scripts finish rendering first.
/// </summary>
public static class HeadlessBrowser
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string Executable =>
        Candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "No headless browser found. Install Debian's Chromium: `apt-get install -y chromium` (.ci/run does this).");

    public static async Task<string> RenderDomAsync(Uri url) =>
        (await RunAsync(url, "--dump-dom")).EnsureSuccess($"Rendering {url} in Chromium").Output;

    public static async Task ScreenshotAsync(Uri url, string pngPath) =>
        (await RunAsync(url, $"--screenshot={pngPath}", "--window-size=1280,1400")).EnsureSuccess($"Screenshot of {url}");

    private static async Task<ProcessResult> RunAsync(Uri url, params string[] mode)
    {
        var profile = Directory.CreateTempSubdirectory("pk-chromium-");
        try
        {
            return await ProcessRunner.RunAsync(
                Executable,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=15000",
                    .. mode, url.ToString(),
                ],
                profile.FullName,
                TimeSpan.FromMinutes(2));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
