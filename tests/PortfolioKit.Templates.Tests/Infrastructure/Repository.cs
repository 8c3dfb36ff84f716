using System.Reflection;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>Paths inside this repository, resolved from the location recorded at build time.</summary>
internal static class Repository
{
    public static string Root { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    public static string TemplateProject => Path.Combine(Root, "templates", "PortfolioKit.Templates.csproj");

    public static string AnalyzerPackageProject =>
        Path.Combine(Root, "analyzers", "src", "PortfolioKit.Analyzers.Package", "PortfolioKit.Analyzers.Package.csproj");

    public static string TemplateContent(string template) => Path.Combine(Root, "templates", "content", template);

    public static string SnapshotFolder => Path.Combine(Root, "tests", "PortfolioKit.Templates.Tests", "Snapshots");

    /// <summary>Where tests keep what a person may want to look at afterwards (screenshots, logs).</summary>
    public static string ArtifactsFolder => Directory.CreateDirectory(Path.Combine(Root, "artifacts", "test-artifacts")).FullName;
}
