using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>One instruction of a Dockerfile, with continuation lines joined.</summary>
internal sealed class DockerInstruction
{
    public DockerInstruction(int line, string keyword, string arguments)
    {
        Line = line;
        Keyword = keyword;
        Arguments = arguments;
    }

    /// <summary>Zero-based line of the instruction's first line.</summary>
    public int Line { get; }

    /// <summary>Upper-case: FROM, RUN, USER, ...</summary>
    public string Keyword { get; }

    public string Arguments { get; }
}
