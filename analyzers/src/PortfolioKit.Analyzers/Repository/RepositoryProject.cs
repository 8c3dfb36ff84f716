using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>A project of the repository as its file states it: package references and whether it is a test project.</summary>
internal sealed class RepositoryProject
{
    public RepositoryProject(RepositoryFile file, bool isTest, ImmutableArray<string> packages)
    {
        File = file;
        IsTest = isTest;
        Packages = packages;
    }

    public RepositoryFile File { get; }

    public bool IsTest { get; }

    public ImmutableArray<string> Packages { get; }
}
