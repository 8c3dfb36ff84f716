using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// Per compilation and analyzer: which source methods have been seen as method-group handlers of a
/// <c>Map*</c> call, and which have had their body delivered by the driver. Whichever side comes second
/// analyses the handler, so each mapped method is analysed once whatever the order of the callbacks.
/// </summary>
internal sealed class MethodGroupHandlers
{
    private const byte MappedState = 1;
    private const byte DeliveredState = 2;
    private const byte AnalysedState = 3;

    private readonly ConcurrentDictionary<IMethodSymbol, byte> _states;

    public MethodGroupHandlers(Compilation compilation)
    {
        // Every source method ends up here; sizing the table up front avoids growing it under contention.
        var trees = 0;
        foreach (var _ in compilation.SyntaxTrees)
        {
            trees++;
        }

        _states = new ConcurrentDictionary<IMethodSymbol, byte>(
            concurrencyLevel: 4, Math.Min(trees * 8, 1 << 20) + 31, MethodComparer.Instance);
    }

    /// <summary>
    /// Symbol equality with a hash of the names: every source method of the compilation goes into the table, and a
    /// profile of BenchShop showed the lookups with <see cref="SymbolEqualityComparer.Default"/>'s hash as the largest
    /// single cost of the endpoint rules (generated-looking code repeats method names across types: Map, GetById,
    /// Create). Equal symbols have the same name, containing type and parameter count, so the hash agrees with
    /// the equality.
    /// </summary>
    private sealed class MethodComparer : System.Collections.Generic.IEqualityComparer<IMethodSymbol>
    {
        public static readonly MethodComparer Instance = new();

        public bool Equals(IMethodSymbol? x, IMethodSymbol? y) => ReferenceEquals(x, y) || SymbolEqualityComparer.Default.Equals(x, y);

        public int GetHashCode(IMethodSymbol method)
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(method.Name);
                hash = (hash * 31) + (method.ContainingType is { } type ? StringComparer.Ordinal.GetHashCode(type.Name) : 0);
                return (hash * 31) + method.Parameters.Length;
            }
        }
    }

    /// <summary>Records a <c>Map*</c> call; true when the body has already been delivered and the caller must analyse it.</summary>
    public bool Mapped(IMethodSymbol method)
    {
        while (true)
        {
            if (_states.TryAdd(method, MappedState))
            {
                return false;
            }

            if (!_states.TryGetValue(method, out var state) || state != DeliveredState)
            {
                // Already mapped (the body action will analyse it) or already analysed.
                return false;
            }

            if (_states.TryUpdate(method, AnalysedState, DeliveredState))
            {
                return true;
            }
        }
    }

    /// <summary>Records a delivered body; true when the method is a mapped handler and the caller must analyse it.</summary>
    public bool BodyDelivered(IMethodSymbol method)
    {
        while (true)
        {
            if (_states.TryAdd(method, DeliveredState))
            {
                return false;
            }

            if (!_states.TryGetValue(method, out var state) || state != MappedState)
            {
                return false;
            }

            if (_states.TryUpdate(method, AnalysedState, MappedState))
            {
                return true;
            }
        }
    }
}
