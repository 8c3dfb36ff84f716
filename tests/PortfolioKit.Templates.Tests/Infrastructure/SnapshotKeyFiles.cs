namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>The files whose full text a snapshot records: the ones template options and names change.</summary>
internal static class SnapshotKeyFiles
{
    public static IEnumerable<string> BackendPortfolio(string solutionName) =>
    [
        $"{solutionName}.slnx",
        "README.md",
        "LICENSE",
        "Directory.Build.props",
        "Directory.Packages.props",
        "compose.yaml",
        "Dockerfile",
        "src/Api/Api.csproj",
        "src/Api/Program.cs",
        "src/Api/Properties/launchSettings.json",
        "src/Api/Hosting/ApiDocumentationExtensions.cs",
        "deploy/k8s/base/api.yaml",
    ];
}
