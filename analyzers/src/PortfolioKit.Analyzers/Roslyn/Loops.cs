using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

internal static class Loops
{
    /// <summary>
    /// The <c>foreach</c> or counting <c>for</c> loop whose body runs <paramref name="operation"/> once per
    /// item, or null. <c>while</c>/<c>do</c> loops and condition-less <c>for (;;)</c> are polling or retry
    /// loops, not iteration over data, and the collection expression of a <c>foreach</c> runs only once.
    /// Lambdas and local functions end the search: they run when called, not where they are written.
    /// </summary>
    public static IOperation? EnclosingIteration(IOperation operation, out IOperation? bodyChild)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent.IsFunctionBoundary())
            {
                break;
            }

            if (parent is IForEachLoopOperation forEach && forEach.Body == child)
            {
                bodyChild = child;
                return forEach;
            }

            if (parent is IForLoopOperation { Condition: not null } forLoop && forLoop.Body == child)
            {
                bodyChild = child;
                return forLoop;
            }
        }

        bodyChild = null;
        return null;
    }

    /// <summary>The operation kinds of the loops <see cref="EnclosingIteration"/> returns.</summary>
    public static readonly OperationKind[] IterationKinds = { OperationKind.Loop };

    /// <summary>
    /// The invocations whose <see cref="EnclosingIteration"/> is <paramref name="loop"/>: each one runs once per item of
    /// it, and none belongs to a loop nested in it. Empty when <paramref name="loop"/> is not an iteration. Rules about
    /// calls inside loops start from the loops, which are few, rather than from every invocation of a compilation.
    /// </summary>
    public static IEnumerable<IInvocationOperation> IteratedInvocations(IOperation loop)
    {
        var body = loop switch
        {
            IForEachLoopOperation forEach => forEach.Body,
            IForLoopOperation { Condition: not null } forLoop => forLoop.Body,
            _ => null,
        };
        if (body is null)
        {
            yield break;
        }

        if (body is IInvocationOperation direct && EnclosingIteration(direct, out _) == loop)
        {
            yield return direct;
        }

        foreach (var descendant in body.DescendantsInSameFunction())
        {
            if (descendant is IInvocationOperation invocation && EnclosingIteration(invocation, out _) == loop)
            {
                yield return invocation;
            }
        }
    }
}
