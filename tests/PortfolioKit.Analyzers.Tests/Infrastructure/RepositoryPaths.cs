using System.Runtime.CompilerServices;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>Locates the checkout from this source file's compile-time path.</summary>
internal static class RepositoryPaths
{
    public static string TestProject { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, ".."));

    public static string Root { get; } = FindRoot(TestProject);

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PortfolioKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PortfolioKit.sln above {start}.");
    }
}
