using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>A database or message broker: the words a README uses for it and the client packages/assemblies that use it.</summary>
internal sealed class Technology
{
    public Technology(string name, string words, params string[] clients)
    {
        Name = name;
        Words = new Regex(@"\b(?:" + words + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        Clients = clients.ToImmutableArray();
    }

    public string Name { get; }

    public Regex Words { get; }

    /// <summary>Package ids and assembly names; a name matches when it is one of them or starts with one followed by a dot.</summary>
    public ImmutableArray<string> Clients { get; }

    public bool IsClient(string packageOrAssembly)
    {
        foreach (var client in Clients)
        {
            if (packageOrAssembly.StartsWith(client, StringComparison.OrdinalIgnoreCase)
                && (packageOrAssembly.Length == client.Length || packageOrAssembly[client.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}
