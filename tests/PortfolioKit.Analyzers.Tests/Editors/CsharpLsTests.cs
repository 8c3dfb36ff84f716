using System.Diagnostics;
using System.Text.Json.Nodes;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Editors;

/// <summary>
/// The analyzers in a real editor's language server: csharp-ls 0.28.0 (what Neovim, Helix and other LSP clients use for
/// C#) on a small web project on disk that loads the analyzers built here, with a file holding two bad practices. The
/// test speaks LSP as an editor does, answering <c>workspace/configuration</c> with
/// <c>csharp.analyzersEnabled: true</c> (without it csharp-ls runs no NuGet analyzer), and expects PK1001 and PK1004
/// on exactly the spans the rules mark.
/// </summary>
public sealed class CsharpLsTests : IDisposable
{
    private const string Version = "0.28.0";
    private static readonly TimeSpan DiagnosticsTimeout = TimeSpan.FromMinutes(3);

    private const string Program = """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapGet("/price", (PriceClient prices) => prices.LatestAsync().Result);
        app.Run();

        public sealed class PriceClient
        {
            public Task<string> LatestAsync() => new HttpClient().GetStringAsync("https://prices.example/latest");
        }

        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pk-csharp-ls-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Pk_diagnostics_arrive_through_csharp_ls_with_the_ranges_the_rules_mark()
    {
        var server = await InstallAsync();
        var project = Path.Combine(_folder, "Shop.Api");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "Shop.Api.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Path.Combine(AppContext.BaseDirectory, "PortfolioKit.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(AppContext.BaseDirectory, "Markdig.dll")}" />
              </ItemGroup>
            </Project>
            """);
        var file = Path.Combine(project, "Program.cs");
        await File.WriteAllTextAsync(file, Program);
        await RunAsync("dotnet", ["restore", "-nologo"], project);

        await using var client = LspClient.Start(server, project, new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } });
        var root = new Uri(project + "/").AbsoluteUri;
        await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "shop" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject(), ["publishDiagnostics"] = new JsonObject() },
            },
        }, TimeSpan.FromMinutes(1));
        await client.NotifyAsync("initialized", new JsonObject());
        var uri = new Uri(file).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = Program },
        });

        var expected = new[] { Expected("PK1001", "new HttpClient()"), Expected("PK1004", "prices.LatestAsync().Result") }.Order().ToList();
        var stopwatch = Stopwatch.StartNew();
        List<string> found = [];
        while (stopwatch.Elapsed < DiagnosticsTimeout)
        {
            // Pull diagnostics (LSP 3.17); csharp-ls answers with the document's analyzer diagnostics once the project is loaded.
            var report = await client.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, TimeSpan.FromMinutes(1));
            found = (report?["items"]?.AsArray() ?? [])
                .Where(d => d?["code"]?.ToString().StartsWith("PK", StringComparison.Ordinal) == true)
                .Select(d => Describe(d!["code"]!.ToString(), d["range"]!))
                .Order()
                .ToList();
            if (found.Count >= expected.Count)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(expected.SequenceEqual(found), $"Expected {string.Join(", ", expected)}; csharp-ls sent {string.Join(", ", found)} after {stopwatch.Elapsed.TotalSeconds:F0} s.\n{client.Log}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A language server still holding a file; the temporary folder is cleaned up by the system.
        }
    }

    /// <summary>The zero-based LSP range of <paramref name="marked"/> in the program, as the rule reports it.</summary>
    private static string Expected(string id, string marked)
    {
        var start = Program.IndexOf(marked, StringComparison.Ordinal);
        Assert.True(start >= 0, marked);
        var line = Program[..start].Count(c => c == '\n');
        var character = start - (Program.LastIndexOf('\n', start - 1) + 1);
        return $"{id} {line}:{character}-{line}:{character + marked.Length}";
    }

    private static string Describe(string id, JsonNode range) =>
        $"{id} {range["start"]!["line"]}:{range["start"]!["character"]}-{range["end"]!["line"]}:{range["end"]!["character"]}";

    /// <summary>csharp-ls as a dotnet tool under artifacts/tools, installed once per checkout from the NuGet feed.</summary>
    private static async Task<string> InstallAsync()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "tools", "csharp-ls-" + Version);
        var executable = Path.Combine(folder, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
        if (!File.Exists(executable))
        {
            await RunAsync("dotnet", ["tool", "install", "csharp-ls", "--version", Version, "--tool-path", folder], RepositoryPaths.Root);
        }

        return executable;
    }

    private static async Task RunAsync(string command, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
    }
}
