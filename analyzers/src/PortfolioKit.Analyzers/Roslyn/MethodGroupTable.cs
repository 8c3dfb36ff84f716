using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// The states of <see cref="MethodGroupHandlers"/> for one compilation: per source method one entry, with two bits per
/// endpoint rule (a slot each).
/// </summary>
internal sealed class MethodGroupTable
{
    /// <summary>Two bits per slot in a <see cref="long"/>.</summary>
    private const int MaxSlots = 32;

    private readonly ConcurrentDictionary<IMethodSymbol, Entry> _entries;
    private readonly Func<IMethodSymbol, Entry> _newEntry = static _ => new Entry();
    private int _slots = -1;

    public MethodGroupTable(Compilation compilation)
    {
        // Every source method ends up here; sizing the table up front avoids growing it under contention.
        var trees = 0;
        foreach (var _ in compilation.SyntaxTrees)
        {
            trees++;
        }

        _entries = new ConcurrentDictionary<IMethodSymbol, Entry>(
            concurrencyLevel: 4, Math.Min(trees * 8, 1 << 20) + 31, MethodComparer.Instance);
    }

    public bool TryTakeSlot(out int slot)
    {
        slot = Interlocked.Increment(ref _slots);
        return slot < MaxSlots;
    }

    /// <summary>The method's entry; a lock-free read when another rule has added it already.</summary>
    public Entry EntryOf(IMethodSymbol method) => _entries.GetOrAdd(method, _newEntry);

    public sealed class Entry
    {
        /// <summary>Two bits per slot: none, mapped, delivered, analysed.</summary>
        public long States;
    }

    /// <summary>
    /// Symbol equality with a hash of the names: every source method of the compilation goes into the table, and a
    /// profile of BenchShop showed the lookups with <see cref="SymbolEqualityComparer.Default"/>'s hash as the largest
    /// single cost of the endpoint rules (generated-looking code repeats method names across types: Map, GetById,
    /// Create). Equal symbols have the same name and containing type, so the hash agrees with the equality.
    /// </summary>
    private sealed class MethodComparer : System.Collections.Generic.IEqualityComparer<IMethodSymbol>
    {
        public static readonly MethodComparer Instance = new();

        public bool Equals(IMethodSymbol? x, IMethodSymbol? y) => ReferenceEquals(x, y) || SymbolEqualityComparer.Default.Equals(x, y);

        public int GetHashCode(IMethodSymbol method)
        {
            unchecked
            {
                // Not the parameter count: the first read of Parameters builds the method's public parameter symbols,
                // for every method of the compilation. Overloads share a hash and are told apart by the equality.
                var hash = StringComparer.Ordinal.GetHashCode(method.Name);
                return (hash * 31) + (method.ContainingType is { } type ? StringComparer.Ordinal.GetHashCode(type.Name) : 0);
            }
        }
    }
}
