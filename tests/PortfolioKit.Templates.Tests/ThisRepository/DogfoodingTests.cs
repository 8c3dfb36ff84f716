using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.ThisRepository;

/// <summary>
/// PortfolioKit.Analyzers' repository rules (PK9xxx) run over this repository, the way a user runs them over theirs:
/// the package built by this test run is added to a copy of the repository (the files git would push: tracked and
/// untracked ones, without ignored ones), committed in a fresh git repository, and `dotnet build` of the project the
/// package's targets choose to report reads the README, licence, security policy, workflows, Dependabot file,
/// projects and Dockerfiles, with every repository rule, suggestions included, raised to a build warning.
/// </summary>
public sealed class DogfoodingTests(TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<TemplatePackFixture>
{
    /// <summary>
    /// The project built, and so the one that reports (the package's rule for a project build run from the project's
    /// folder). Building only it and the project it references keeps the test to one small build.
    /// </summary>
    private const string ReportingProject = "analyzers/src/PortfolioKit.Analyzers.CodeFixes/PortfolioKit.Analyzers.CodeFixes.csproj";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    [ToolFact("git")]
    public async Task The_repository_rules_find_nothing_in_this_repository()
    {
        var work = Path.Combine(pack.WorkRoot, "dogfood-" + Guid.NewGuid().ToString("N")[..8]);
        var copy = Path.Combine(work, "portfoliokit");
        var copied = await CopyWhatGitWouldPushAsync(Repository.Root, copy);
        await CommitAsync(copy);

        // The package enters the build the way a PackageReference in the project would, without editing any file of
        // the copy (a new Directory.Build.targets would itself be one of the files the rules read). Every repository
        // rule is raised to a warning with the category setting users have for that, so that suggestions (PK9106)
        // show in the build output too.
        var version = Path.GetFileNameWithoutExtension(Directory.GetFiles(pack.PackageFolder, "PortfolioKit.Analyzers.*.nupkg").Single())["PortfolioKit.Analyzers.".Length..];
        var everyRuleAWarning = Path.Combine(work, "repository-rules.globalconfig");
        await File.WriteAllTextAsync(everyRuleAWarning, """
            is_global = true
            dotnet_analyzer_diagnostic.category-PortfolioKit.Portfolio.severity = warning
            """);
        var addPackage = Path.Combine(work, "AddPortfolioKitAnalyzers.targets");
        await File.WriteAllTextAsync(addPackage, $"""
            <Project>
              <ItemGroup>
                <PackageVersion Include="PortfolioKit.Analyzers" Version="{version}" />
                <PackageReference Include="PortfolioKit.Analyzers" PrivateAssets="all" />
                <EditorConfigFiles Include="{everyRuleAWarning}" />
              </ItemGroup>
            </Project>
            """);

        var build = await ProcessRunner.RunAsync(
            "dotnet",
            [
                "build", Path.Combine(copy, ReportingProject), "-nologo", "-nodeReuse:false",
                $"-p:CustomAfterMicrosoftCommonTargets={addPackage}",
                // The preset's code rules and SDK rules run over the analyzers' own sources too; only PK9xxx is asked here.
                "-p:TreatWarningsAsErrors=false",
            ],
            // From the project's own folder, as a user builds one project: that project then reports for the
            // repository (the package's rule for a project build), though other projects of the repository reference it.
            Path.GetDirectoryName(Path.Combine(copy, ReportingProject))!,
            BuildTimeout);
        build.EnsureSuccess($"Building {ReportingProject} of the copy with PortfolioKit.Analyzers {version}");
        output.WriteLine($"Copied {copied} files; build with the package took {build.Elapsed.TotalSeconds:F1} s.");

        // The rules ran in the project the package's targets chose to report for the repository ...
        var owners = Directory.GetFiles(copy, "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories)
            .Where(config => File.ReadAllText(config).Contains("build_property._PortfolioKitRepositoryRoot = /", StringComparison.Ordinal))
            .ToList();
        var owner = Assert.Single(owners);
        Assert.True(
            owner.Contains("PortfolioKit.Analyzers.CodeFixes", StringComparison.Ordinal),
            $"The package's targets chose another reporting project ({owner}); point {nameof(ReportingProject)} at it.");

        Assert.True(
            RepositoryFindings.Warnings(build.Output).Count == 0,
            "PortfolioKit's repository rules fire on PortfolioKit itself:" + Environment.NewLine + string.Join(Environment.NewLine, RepositoryFindings.Warnings(build.Output)));

        // ... and not vacuously: the reporting project was handed the repository's files.
        var handedOver = File.ReadAllText(owner).Replace("\r", string.Empty, StringComparison.Ordinal);
        foreach (var (file, kind) in new[]
        {
            ("README.md", "Readme"), ("LICENSE", "License"), ("SECURITY.md", "SecurityPolicy"),
            (".github/workflows/ci.yml", "CiWorkflow"), (".github/workflows/release.yml", "CiWorkflow"),
            (".github/dependabot.yml", "DependencyUpdates"), ("Directory.Build.props", "BuildFile"),
            ("tests/PortfolioKit.Templates.Tests/PortfolioKit.Templates.Tests.csproj", "Project"),
            ("templates/content/backend-portfolio/Dockerfile", "Dockerfile"),
            ("templates/content/backend-portfolio/src/Api/appsettings.json", "AppSettings"),
        })
        {
            Assert.Contains($"{file}]\nbuild_metadata.AdditionalFiles.PortfolioKitFileKind = {kind}", handedOver, StringComparison.Ordinal);
        }
    }

    /// <summary>Copies the files `git ls-files` lists (tracked, and untracked but not ignored) that exist on disk.</summary>
    private static async Task<int> CopyWhatGitWouldPushAsync(string repository, string destination)
    {
        var listing = await ProcessRunner.RunAsync("git", ["-C", repository, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], repository, TimeSpan.FromMinutes(1));
        listing.EnsureSuccess("git ls-files");
        var count = 0;
        foreach (var relative in listing.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            var source = Path.Combine(repository, relative);
            if (!File.Exists(source))
            {
                continue; // deleted in the work tree, not yet in the index
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            count++;
        }

        return count;
    }

    private static async Task CommitAsync(string folder)
    {
        var identity = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "PortfolioKit tests",
            ["GIT_AUTHOR_EMAIL"] = "tests@portfoliokit.invalid",
            ["GIT_COMMITTER_NAME"] = "PortfolioKit tests",
            ["GIT_COMMITTER_EMAIL"] = "tests@portfoliokit.invalid",
        };
        string[][] steps = [["init", "-q", "--initial-branch=main"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "Copy of the work tree"]];
        foreach (var arguments in steps)
        {
            (await ProcessRunner.RunAsync("git", ["-C", folder, .. arguments], folder, TimeSpan.FromMinutes(1), identity))
                .EnsureSuccess("git " + string.Join(' ', arguments));
        }
    }
}
