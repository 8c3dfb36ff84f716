using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>A build stage: its FROM instruction and what follows up to the next FROM.</summary>
internal sealed class DockerStage
{
    public DockerStage(DockerInstruction from, string image, string name)
    {
        From = from;
        Image = image;
        Name = name;
    }

    public DockerInstruction From { get; }

    /// <summary>The base image as written, lower-case (<c>mcr.microsoft.com/dotnet/aspnet:10.0</c>, or an earlier stage's name).</summary>
    public string Image { get; }

    /// <summary>The stage's name after AS, lower-case; empty when it has none.</summary>
    public string Name { get; }

    public List<DockerInstruction> Instructions { get; } = new();
}
