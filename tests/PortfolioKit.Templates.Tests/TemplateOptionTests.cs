using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

public sealed class TemplateOptionTests(TemplatePackFixture pack) : IClassFixture<TemplatePackFixture>
{
    [Fact]
    public async Task Help_describes_every_option()
    {
        var help = (await pack.DotNetNewAsync(["backend-portfolio", "--help"], pack.WorkRoot)).EnsureSuccess("dotnet new backend-portfolio --help").Output;

        Assert.Contains("--author-name <author-name>", help, StringComparison.Ordinal);
        Assert.Contains("The author named as copyright holder in LICENSE.", help, StringComparison.Ordinal);
        Assert.Contains("--license <choice>", help, StringComparison.Ordinal);
        Assert.Contains("Apache 2.0: permissive", help, StringComparison.Ordinal);
        Assert.Contains("MIT: short and permissive", help, StringComparison.Ordinal);
        Assert.Contains("--messaging <choice>", help, StringComparison.Ordinal);
        Assert.Contains("In-process: an outbox table", help, StringComparison.Ordinal);
        Assert.Contains("RabbitMQ: the API's", help, StringComparison.Ordinal);
        Assert.Contains("Default: inprocess", help, StringComparison.Ordinal);
        Assert.Contains("--no-restore", help, StringComparison.Ordinal);
        Assert.Contains("Do not run 'dotnet restore'", help, StringComparison.Ordinal);
        Assert.Contains("--git", help, StringComparison.Ordinal);
        Assert.Contains("--auth <jwt|none>", help, StringComparison.Ordinal);
        Assert.Contains("JWT bearer tokens: reads stay public,", help, StringComparison.Ordinal);
        Assert.Contains("Run 'git init' and make a first commit", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mit_licence_names_the_author_and_the_year()
    {
        var folder = await pack.GenerateAsync("backend-portfolio", "Licensed.Mit", "--author-name", "Ada Lovelace");

        var license = File.ReadAllText(Path.Combine(folder, "LICENSE"));
        Assert.StartsWith("MIT License", license, StringComparison.Ordinal);
        Assert.Contains($"Copyright (c) {DateTime.Now.Year} Ada Lovelace", license, StringComparison.Ordinal);
        Assert.Contains("MIT: see [LICENSE](LICENSE).", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Author_defaults_to_the_project_contributors()
    {
        var folder = await pack.GenerateAsync("backend-portfolio", "Acme.Billing");

        Assert.Contains("Copyright (c) ", File.ReadAllText(Path.Combine(folder, "LICENSE")), StringComparison.Ordinal);
        Assert.Contains(" The Acme.Billing contributors", File.ReadAllText(Path.Combine(folder, "LICENSE")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apache_licence_replaces_the_mit_text()
    {
        var folder = await pack.GenerateAsync("backend-portfolio", "Licensed.Apache", "--license", "Apache-2.0", "--author-name", "Grace Hopper");

        var license = File.ReadAllText(Path.Combine(folder, "LICENSE"));
        Assert.Contains("Apache License", license, StringComparison.Ordinal);
        Assert.Contains("Version 2.0, January 2004", license, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", license, StringComparison.Ordinal);
        Assert.DoesNotContain("MIT License", license, StringComparison.Ordinal);
        Assert.Contains("Apache License 2.0: see [LICENSE](LICENSE).", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        CleanOutput.AssertClean(folder);
    }

    [Fact]
    public async Task No_licence_leaves_out_the_file_and_the_readme_section()
    {
        var folder = await pack.GenerateAsync("backend-portfolio", "Unlicensed", "--license", "none");

        Assert.False(File.Exists(Path.Combine(folder, "LICENSE")));
        Assert.DoesNotContain("## License", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        CleanOutput.AssertClean(folder);
    }

    [Fact]
    public async Task Unknown_licence_is_refused_with_the_valid_choices_and_writes_nothing()
    {
        var output = Path.Combine(pack.WorkRoot, "refused-" + Guid.NewGuid().ToString("N")[..8]);

        var result = await pack.DotNetNewAsync(["backend-portfolio", "-n", "Refused", "-o", output, "--license", "GPL-3.0", "--no-update-check"], pack.WorkRoot);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("GPL-3.0", result.Output, StringComparison.Ordinal);
        Assert.Contains("Apache-2.0", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "Nothing should be written when an option is invalid.");
    }

    [Fact]
    public async Task Restore_runs_after_generation_unless_opted_out()
    {
        var restored = await pack.DotNetNewAsync(["backend-portfolio", "-n", "Restored", "-o", Path.Combine(pack.WorkRoot, "restored"), "--no-update-check"], pack.WorkRoot);
        var skipped = await pack.DotNetNewAsync(["backend-portfolio", "-n", "Skipped", "-o", Path.Combine(pack.WorkRoot, "skipped"), "--no-restore", "--no-update-check"], pack.WorkRoot);

        Assert.Equal(0, restored.ExitCode);
        Assert.True(File.Exists(Path.Combine(pack.WorkRoot, "restored", "src", "Api", "obj", "project.assets.json")), restored.Output);
        Assert.Equal(0, skipped.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(pack.WorkRoot, "skipped", "src", "Api", "obj")));
    }

    [Fact]
    public async Task Git_option_commits_the_generated_files_without_build_output()
    {
        var folder = Path.Combine(pack.WorkRoot, "git", "Versioned");
        var identity = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "Ada Lovelace",
            ["GIT_AUTHOR_EMAIL"] = "ada@example.com",
            ["GIT_COMMITTER_NAME"] = "Ada Lovelace",
            ["GIT_COMMITTER_EMAIL"] = "ada@example.com",
        };

        // With the restore post action, so obj/ folders exist when git stages the files.
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["new", "backend-portfolio", "-n", "Versioned", "-o", folder, "--git", "--allow-scripts", "yes", "--no-update-check", "--debug:custom-hive", pack.PrivateHive()],
            pack.WorkRoot,
            TimeSpan.FromMinutes(5),
            identity);
        result.EnsureSuccess("dotnet new backend-portfolio --git");

        async Task<string> Git(params string[] arguments) =>
            (await ProcessRunner.RunAsync("git", ["-C", folder, .. arguments], folder, TimeSpan.FromMinutes(1))).EnsureSuccess("git " + string.Join(' ', arguments)).Output;

        Assert.True(Directory.Exists(Path.Combine(folder, "src", "Api", "obj")), "The restore post action should have run first.");
        Assert.Equal("main", (await Git("branch", "--show-current")).Trim());
        Assert.Single((await Git("log", "--format=%s")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var committed = (await Git("ls-files")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("README.md", committed);
        Assert.Contains("src/Api/Program.cs", committed);
        Assert.Contains(".github/workflows/release.yml", committed);
        Assert.DoesNotContain(committed, file => file.Split('/').Any(part => part is "bin" or "obj"));
        Assert.Equal(string.Empty, (await Git("status", "--porcelain")).Trim());
    }

    [Fact]
    public async Task Without_the_git_option_no_repository_is_created()
    {
        var folder = await pack.GenerateAsync("backend-portfolio", "Unversioned");

        Assert.False(Directory.Exists(Path.Combine(folder, ".git")));
    }
}
