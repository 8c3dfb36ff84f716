using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>The package as a user handles it: install, list, instantiate offline without warnings, uninstall.</summary>
public sealed class TemplatePackageTests(TemplatePackFixture pack) : IClassFixture<TemplatePackFixture>
{
    [Fact]
    public async Task Install_and_generation_print_no_warnings_and_uninstall_leaves_nothing_behind()
    {
        var hive = Path.Combine(pack.WorkRoot, "uninstall-hive");
        var package = Directory.GetFiles(pack.PackageFolder, "PortfolioKit.Templates.*.nupkg").Single();
        Task<ProcessResult> DotNetNew(params string[] arguments) =>
            ProcessRunner.RunAsync("dotnet", ["new", .. arguments, "--debug:custom-hive", hive], pack.WorkRoot, TimeSpan.FromMinutes(2));

        var install = (await DotNetNew("install", package)).EnsureSuccess("Installing the template package");
        Assert.DoesNotContain("warning", install.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("backend-portfolio", (await DotNetNew("list", "backend")).EnsureSuccess("Listing the templates").Output, StringComparison.Ordinal);

        var generate = (await DotNetNew("backend-portfolio", "-n", "Quiet", "-o", Path.Combine(hive, "..", "quiet-output"), "--no-restore", "--no-update-check"))
            .EnsureSuccess("Generating offline");
        var worker = (await DotNetNew("backend-worker", "-n", "Quiet", "-o", Path.Combine(hive, "..", "quiet-worker"), "--no-restore", "--no-update-check", "--messaging", "rabbitmq"))
            .EnsureSuccess("Generating the worker offline");
        // Only the engine's own report: no warning, and no diagnostic trace such as "Balanced nesting depth < 0",
        // which it prints when a Markdown file has a "-->" (a Mermaid arrow) outside an HTML comment.
        var unexpected = (generate.Output + worker.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("The template \"", StringComparison.Ordinal)
                && !line.StartsWith("Processing post-creation actions", StringComparison.Ordinal)
                && !line.StartsWith("Description:", StringComparison.Ordinal)
                && !line.StartsWith("Manual instructions:", StringComparison.Ordinal))
            .ToList();
        Assert.True(unexpected.Count == 0, "dotnet new printed more than its report:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));

        (await DotNetNew("uninstall", "PortfolioKit.Templates")).EnsureSuccess("Uninstalling the template package");

        var list = await DotNetNew("list", "backend");
        Assert.DoesNotContain("backend-portfolio", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("backend-worker", list.Output, StringComparison.Ordinal);
        var leftovers = Directory.EnumerateFiles(hive, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file).Contains("PortfolioKit", StringComparison.OrdinalIgnoreCase)
                || File.ReadAllText(file).Contains("PortfolioKit.Templates", StringComparison.Ordinal))
            .ToList();
        Assert.True(leftovers.Count == 0, "Left behind after uninstall: " + string.Join(", ", leftovers));
    }
}
