using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>Where a README lists its tech stack: the heading (or "Tech stack:" line) and the lines that belong to it.</summary>
internal sealed class ReadmeTechStack
{
    public ReadmeTechStack(int line, ImmutableArray<MarkdownLine> lines)
    {
        Line = line;
        Lines = lines;
    }

    public int Line { get; }

    public ImmutableArray<MarkdownLine> Lines { get; }
}
