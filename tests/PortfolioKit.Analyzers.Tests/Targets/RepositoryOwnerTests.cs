using System.Diagnostics;
using System.Text.RegularExpressions;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Targets;

/// <summary>
/// The package's targets choose the project that reports the repository rules among the projects being built. A
/// repository of two services, built with `dotnet build` as a user would, with the analyzers built here and the
/// package's own build files: building one service's solution, or the other service's API alone, reports the missing
/// README exactly once, from a project of that build, located on its project file.
/// </summary>
public sealed partial class RepositoryOwnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pk-owner-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Repository_rules_report_once_from_a_project_being_built()
    {
        var build = Path.Combine(RepositoryPaths.Root, "analyzers", "src", "PortfolioKit.Analyzers.Package", "build");
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        await File.WriteAllTextAsync(Path.Combine(_root, ".git", "HEAD"), "ref: refs/heads/main\n");
        await File.WriteAllTextAsync(Path.Combine(_root, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{build}/PortfolioKit.Analyzers.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Path.Combine(AppContext.BaseDirectory, "PortfolioKit.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(AppContext.BaseDirectory, "Markdig.dll")}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(_root, "Directory.Build.targets"), $"""
            <Project>
              <Import Project="{build}/PortfolioKit.Analyzers.targets" />
            </Project>
            """);
        await Project("billing/Billing.Domain/Billing.Domain.csproj");
        await Project("billing/Billing.Api/Billing.Api.csproj", "../Billing.Domain/Billing.Domain.csproj");
        await Project("orders/Orders.Api/Orders.Api.csproj");
        await File.WriteAllTextAsync(Path.Combine(_root, "billing", "Billing.slnx"), """
            <Solution>
              <Project Path="Billing.Api/Billing.Api.csproj" />
              <Project Path="Billing.Domain/Billing.Domain.csproj" />
            </Solution>
            """);

        // The billing solution: its first project by path reports.
        var solution = await BuildAsync(Path.Combine("billing", "Billing.slnx"));
        Assert.Equal(["billing/Billing.Api/Billing.Api.csproj"], ReportedFrom(solution));

        // The orders API alone, from the repository root: the billing projects come first by path, but are not built.
        var orders = await BuildAsync(Path.Combine("orders", "Orders.Api", "Orders.Api.csproj"));
        Assert.Equal(["orders/Orders.Api/Orders.Api.csproj"], ReportedFrom(orders));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system to clean up.
        }
    }

    /// <summary>The project files the PK9001 findings are located on, relative to the root (each finding once).</summary>
    private List<string> ReportedFrom(string output) =>
        Finding().Matches(output).Select(m => Path.GetRelativePath(_root, m.Groups["file"].Value).Replace('\\', '/')).Distinct().ToList();

    private async Task Project(string path, params string[] references)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var items = string.Concat(references.Select(r => $"    <ProjectReference Include=\"{r}\" />\n"));
        await File.WriteAllTextAsync(full, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n{items}  </ItemGroup>\n</Project>\n");
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(full)!, "Code.cs"), $"namespace {Path.GetFileNameWithoutExtension(path)};\n\npublic static class Marker {{ }}\n");
    }

    private async Task<string> BuildAsync(string target)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", target, "-nologo", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A safety net against a hung build, not a timing assertion: a shared 2-core machine can be very slow.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        Assert.True(process.ExitCode == 0, $"dotnet build {target} failed:\n{text}");
        return text;
    }

    [GeneratedRegex(@"(?<file>[^\s:]+\.csproj)\(1,1\): warning PK9001:")]
    private static partial Regex Finding();
}
