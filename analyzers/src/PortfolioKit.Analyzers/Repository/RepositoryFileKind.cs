using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// The values of the <c>PortfolioKitFileKind</c> metadata that the package's targets put on the repository files they
/// hand to the compiler as additional files (see <c>build/PortfolioKit.Analyzers.Repository.targets</c>).
/// </summary>
internal static class RepositoryFileKind
{
    /// <summary><c>README*</c> in the root, <c>.github/</c> or <c>docs/</c>.</summary>
    public const string Readme = "Readme";

    /// <summary><c>LICENSE*</c>, <c>LICENCE*</c>, <c>COPYING*</c>, <c>UNLICENSE</c> in the root, or a file in <c>LICENSES/</c>.</summary>
    public const string License = "License";

    /// <summary><c>SECURITY.*</c> in the root, <c>.github/</c> or <c>docs/</c>.</summary>
    public const string SecurityPolicy = "SecurityPolicy";

    /// <summary>A CI definition: <c>.github/workflows/*.yml</c>, <c>.gitlab-ci.yml</c>, <c>azure-pipelines*.yml</c>, ...</summary>
    public const string CiWorkflow = "CiWorkflow";

    /// <summary><c>.github/dependabot.yml</c> or a Renovate configuration.</summary>
    public const string DependencyUpdates = "DependencyUpdates";

    /// <summary><c>Dockerfile</c>, <c>Dockerfile.*</c>, <c>*.Dockerfile</c> anywhere in the repository.</summary>
    public const string Dockerfile = "Dockerfile";

    /// <summary><c>compose.yaml</c>, <c>docker-compose.yml</c> and their variants in the root.</summary>
    public const string Compose = "Compose";

    /// <summary><c>appsettings*.json</c> anywhere in the repository.</summary>
    public const string AppSettings = "AppSettings";

    /// <summary>A project file (<c>*.csproj</c>, <c>*.fsproj</c>, <c>*.vbproj</c>) anywhere in the repository.</summary>
    public const string Project = "Project";

    /// <summary><c>Directory.Build.props</c>, <c>Directory.Build.targets</c>, <c>Directory.Packages.props</c>.</summary>
    public const string BuildFile = "BuildFile";
}
