using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// The operations of one endpoint body, listed once and shared by the endpoint rules: six rules each walked every
/// handler body for its returned values or its calls (<see cref="OperationExtensions.DescendantsInSameFunction"/> was a
/// visible share of a profile of BenchShop), and the response-payload rules walked it again for each local they
/// followed. The driver hands every analyzer the same operation objects, so the lists are keyed by the body; a body
/// another rule has not seen is listed on first use. Held weakly: a list lives as long as its operation tree.
/// </summary>
internal sealed class EndpointBodyOperations
{
    private const int DescendantsCapacity = 128;

    private static readonly ConditionalWeakTable<IOperation, EndpointBodyOperations> Cache = new();
    private static readonly ConditionalWeakTable<IOperation, EndpointBodyOperations>.CreateValueCallback Create = body => new EndpointBodyOperations(body);

    private EndpointBodyOperations(IOperation body)
    {
        // A handler body has tens to hundreds of operations; growing from the default capacity showed in the profile.
        var descendants = ImmutableArray.CreateBuilder<IOperation>(DescendantsCapacity);
        var returned = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var descendant in body.DescendantsInSameFunction())
        {
            descendants.Add(descendant);
            if (descendant is IReturnOperation { ReturnedValue: { } value } && descendant.Kind == OperationKind.Return)
            {
                foreach (var leaf in OperationExtensions.PossibleValues(value))
                {
                    returned.Add(leaf);
                }
            }
        }

        Descendants = descendants.ToImmutable();
        ReturnedValues = returned.ToImmutable();
    }

    /// <summary>What <see cref="OperationExtensions.DescendantsInSameFunction"/> yields for the body, in the same order.</summary>
    public ImmutableArray<IOperation> Descendants { get; }

    /// <summary>
    /// The values the body returns (its <c>return</c> statements, each taken apart by
    /// <see cref="OperationExtensions.PossibleValues"/>), in source order.
    /// </summary>
    public ImmutableArray<IOperation> ReturnedValues { get; }

    public static EndpointBodyOperations Of(IOperation body) => Cache.GetValue(body, Create);

    /// <summary><see cref="OperationExtensions.SingleAssignmentInitializer"/> over the listed operations.</summary>
    public IOperation? SingleAssignmentInitializer(ILocalReferenceOperation value) =>
        OperationExtensions.SingleAssignmentInitializer(value.Local, Descendants);
}
