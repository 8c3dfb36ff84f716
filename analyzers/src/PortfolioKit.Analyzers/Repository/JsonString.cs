using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>A string value in a JSON file, with the names of the properties that lead to it.</summary>
internal readonly struct JsonString
{
    public JsonString(IReadOnlyList<string> path, string value, TextSpan span)
    {
        Path = path;
        Value = value;
        Span = span;
    }

    /// <summary>Property names from the outermost object down to the one holding the value (array values take the array's name).</summary>
    public IReadOnlyList<string> Path { get; }

    public string Value { get; }

    /// <summary>The value between its quotes.</summary>
    public TextSpan Span { get; }

    public string Name => Path.Count == 0 ? string.Empty : Path[Path.Count - 1];

    public string Parent => Path.Count < 2 ? string.Empty : Path[Path.Count - 2];
}
