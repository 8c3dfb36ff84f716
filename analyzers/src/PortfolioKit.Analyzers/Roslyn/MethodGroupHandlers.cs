using System.Threading;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// Per compilation and analyzer: which source methods have been seen as method-group handlers of a
/// <c>Map*</c> call, and which have had their body delivered by the driver. Whichever side comes second
/// analyses the handler, so each mapped method is analysed once whatever the order of the callbacks.
/// </summary>
/// <remarks>
/// The endpoint rules share one <see cref="MethodGroupTable"/> per compilation, each with its own slot in the entries:
/// every source method of an API project has its body delivered to every endpoint rule, and six tables (one per rule)
/// meant six locked inserts per method, the second largest cost of the endpoint rules in a profile of BenchShop. With
/// one table the first rule inserts and the others find the entry without a lock.
/// </remarks>
internal sealed class MethodGroupHandlers
{
    private const long MappedState = 1;
    private const long DeliveredState = 2;
    private const long AnalysedState = 3;
    private const long StateMask = 3;

    private readonly MethodGroupTable _table;
    private readonly int _shift;

    private MethodGroupHandlers(MethodGroupTable table, int slot)
    {
        _table = table;
        _shift = slot * 2;
    }

    /// <summary>A slot in the compilation's shared table; a table of its own in the unlikely case the slots run out.</summary>
    public static MethodGroupHandlers For(Compilation compilation)
    {
        var shared = PerCompilation<MethodGroupTable>.Get(compilation, c => new MethodGroupTable(c))!;
        return shared.TryTakeSlot(out var slot)
            ? new MethodGroupHandlers(shared, slot)
            : new MethodGroupHandlers(new MethodGroupTable(compilation), 0);
    }

    /// <summary>Records a <c>Map*</c> call; true when the body has already been delivered and the caller must analyse it.</summary>
    public bool Mapped(IMethodSymbol method) => Advance(method, MappedState, DeliveredState);

    /// <summary>Records a delivered body; true when the method is a mapped handler and the caller must analyse it.</summary>
    public bool BodyDelivered(IMethodSymbol method) => Advance(method, DeliveredState, MappedState);

    /// <summary>
    /// Sets this slot to <paramref name="seen"/> when it is empty (false: the other side analyses), or to analysed when
    /// the other side was there first (true: the caller analyses); leaves an analysed slot alone.
    /// </summary>
    private bool Advance(IMethodSymbol method, long seen, long otherSide)
    {
        var entry = _table.EntryOf(method);
        while (true)
        {
            var states = Interlocked.Read(ref entry.States);
            var state = (states >> _shift) & StateMask;
            long next;
            if (state == 0)
            {
                next = states | (seen << _shift);
            }
            else if (state == otherSide)
            {
                next = (states & ~(StateMask << _shift)) | (AnalysedState << _shift);
            }
            else
            {
                // This side has been here already, or the handler has been analysed.
                return false;
            }

            if (Interlocked.CompareExchange(ref entry.States, next, states) == states)
            {
                return state == otherSide;
            }
        }
    }
}
