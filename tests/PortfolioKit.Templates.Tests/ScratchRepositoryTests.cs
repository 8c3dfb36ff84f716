using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// The packed PortfolioKit.Analyzers in a repository that has nothing but a project: `dotnet build` reports what a
/// reviewer would miss, .editorconfig sets each finding's severity, and PortfolioKitRepositoryChecks=false turns all of
/// it off.
/// </summary>
public sealed class ScratchRepositoryTests(TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<TemplatePackFixture>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_repository_with_nothing_but_a_project_gets_the_repository_findings_once()
    {
        var root = Path.Combine(pack.WorkRoot, "scratch-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(root, "src", "Worker");
        Directory.CreateDirectory(project);
        // What `git init` leaves: the targets recognise a repository root by .git/HEAD.
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        await File.WriteAllTextAsync(Path.Combine(root, ".git", "HEAD"), "ref: refs/heads/main\n");
        var version = Path.GetFileNameWithoutExtension(Directory.GetFiles(pack.PackageFolder, "PortfolioKit.Analyzers.*.nupkg").Single())["PortfolioKit.Analyzers.".Length..];
        await File.WriteAllTextAsync(Path.Combine(project, "Worker.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PortfolioKit.Analyzers" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), "return 0;\n");

        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-nologo", "-nodeReuse:false"], project, BuildTimeout);
        build.EnsureSuccess("Building the scratch project");

        // No README, LICENSE, CI, test project or Dependabot; SECURITY.md (PK9106) is only a suggestion.
        Assert.Equal(["PK9001", "PK9101", "PK9102", "PK9104", "PK9105"], RepositoryFindings.Ids(build.Output));
        // A missing file is reported on the first line of the reporting project's file, never without a location.
        Assert.All(RepositoryFindings.Warnings(build.Output), line => Assert.Contains("Worker.csproj(1,1): warning PK9", line, StringComparison.Ordinal));

        var off = await ProcessRunner.RunAsync("dotnet", ["build", "-nologo", "-nodeReuse:false", "-p:PortfolioKitRepositoryChecks=false"], project, BuildTimeout);
        off.EnsureSuccess("Building the scratch project with PortfolioKitRepositoryChecks=false");
        Assert.Empty(RepositoryFindings.Warnings(off.Output));

        // Like any rule, through the repository's .editorconfig: off for one finding, an error for another.
        await File.WriteAllTextAsync(Path.Combine(root, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.PK9101.severity = none
            dotnet_diagnostic.PK9105.severity = error
            """);
        var configured = await ProcessRunner.RunAsync("dotnet", ["build", "-nologo", "-nodeReuse:false"], project, BuildTimeout);
        Assert.NotEqual(0, configured.ExitCode);
        Assert.Equal(["PK9001", "PK9102", "PK9104", "PK9105"], RepositoryFindings.Ids(configured.Output));
        Assert.Contains(RepositoryFindings.Warnings(configured.Output), line => line.Contains("Worker.csproj(1,1): error PK9105", StringComparison.Ordinal));
        output.WriteLine($"Scratch builds: {build.Elapsed.TotalSeconds:F1} s, {off.Elapsed.TotalSeconds:F1} s with the checks off, {configured.Elapsed.TotalSeconds:F1} s configured.");
    }
}
