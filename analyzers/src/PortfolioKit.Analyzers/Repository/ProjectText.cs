using System.Collections.Immutable;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>What a project file states: its package references and whether it declares itself a test project.</summary>
internal sealed class ProjectText
{
    public static readonly ProjectText Empty = new(ImmutableArray<string>.Empty, declaresTests: false);

    public ProjectText(ImmutableArray<string> packages, bool declaresTests)
    {
        Packages = packages;
        DeclaresTests = declaresTests;
    }

    public ImmutableArray<string> Packages { get; }

    public bool DeclaresTests { get; }
}
