using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.ThisRepository;

/// <summary>
/// This repository's own GitHub files pass what a reviewer would run on them, the same checks as the generated
/// repositories' (<see cref="WorkflowCheck"/>): actionlint, shellcheck on every <c>run:</c> block, and the offline
/// zizmor audits (pinned actions, no persisted credentials, no template injection, least permissions, a Dependabot
/// cooldown).
/// </summary>
public sealed class WorkflowLintTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_repository_workflows_and_dependabot_file_have_no_findings()
    {
        if (WorkflowCheck.SkipReason is { } reason)
        {
            output.WriteLine("Skipped: " + reason);
            return;
        }

        var github = Path.Combine(Repository.Root, ".github");
        var files = Directory.GetFiles(Path.Combine(github, "workflows"), "*.yml").Append(Path.Combine(github, "dependabot.yml")).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(files, file => Path.GetFileName(file) == "ci.yml");
        Assert.Contains(files, file => Path.GetFileName(file) == "release.yml");

        var findings = await WorkflowCheck.FindingsAsync(files);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        output.WriteLine($"{files.Count} files checked: no finding.");
    }
}
