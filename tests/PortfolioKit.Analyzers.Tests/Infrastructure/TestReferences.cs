using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>
/// Offline metadata references: the installed .NET and ASP.NET Core reference packs plus the EF Core
/// assemblies copied next to the tests. NuGet-based ReferenceAssemblies cannot restore on this mirror.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(Load);

    public static ReferenceAssemblies Empty { get; } = new("net10.0");

    private static readonly Lazy<ImmutableArray<MetadataReference>> RuntimeOnly = new(
        () => ReferencePack("Microsoft.NETCore.App.Ref").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray());

    public static ImmutableArray<MetadataReference> Assemblies => All.Value;

    /// <summary>The .NET runtime's reference assemblies only: no EF Core, no SQLite.</summary>
    public static ImmutableArray<MetadataReference> Runtime => RuntimeOnly.Value;

    /// <summary>The folder that holds <c>dotnet</c>, found from the running runtime rather than hard-coded.</summary>
    public static string DotnetRoot
    {
        get
        {
            // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            return Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        }
    }

    private static ImmutableArray<MetadataReference> Load()
    {
        var files = new List<string>();
        files.AddRange(ReferencePack("Microsoft.NETCore.App.Ref"));
        files.AddRange(ReferencePack("Microsoft.AspNetCore.App.Ref"));
        files.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.EntityFrameworkCore*.dll"));
        files.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Data.Sqlite.dll"));
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    private static string[] ReferencePack(string packName)
    {
        var packDirectory = Path.Combine(DotnetRoot, "packs", packName);
        var newest = Directory.GetDirectories(packDirectory)
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)))
            .Where(d => Directory.Exists(Path.Combine(d.Path, "ref", "net10.0")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Path)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"No net10.0 reference assemblies under {packDirectory}.");
        return Directory.GetFiles(Path.Combine(newest, "ref", "net10.0"), "*.dll");
    }
}
