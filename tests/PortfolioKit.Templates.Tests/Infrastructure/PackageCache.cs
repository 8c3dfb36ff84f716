using System.IO.Compression;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>What the global packages folder holds of a package this run has just built.</summary>
internal static class PackageCache
{
    /// <summary>
    /// Whether <paramref name="cachedCopy"/> already holds exactly this package's analyzers and build files (the build
    /// is deterministic, so unchanged sources give identical files). Only a stale or incomplete copy is deleted, which
    /// keeps other builds that use the cached copy undisturbed.
    /// </summary>
    public static bool Holds(string package, string cachedCopy)
    {
        using var archive = ZipFile.OpenRead(package);
        return archive.Entries
            .Where(entry => entry.FullName.StartsWith("analyzers/", StringComparison.Ordinal) || entry.FullName.StartsWith("build", StringComparison.Ordinal))
            .All(entry =>
            {
                var cached = Path.Combine(cachedCopy, entry.FullName);
                if (!File.Exists(cached) || new FileInfo(cached).Length != entry.Length)
                {
                    return false;
                }

                using var packed = entry.Open();
                using var memory = new MemoryStream();
                packed.CopyTo(memory);
                return memory.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(cached));
            });
    }
}
