using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

internal static class OperationExtensions
{
    /// <summary>The pending operations of a walk over a typical method body, so that the stack rarely grows.</summary>
    internal const int InitialStackCapacity = 32;

    /// <summary>
    /// Skips implicit and explicit conversions and parentheses to reach the value the author wrote. A user-defined
    /// conversion (<c>(OrderDto)order</c> through an <c>explicit operator</c>) is a call that produces another value,
    /// so the walk stops there.
    /// </summary>
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { OperatorMethod: null } conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    public static bool IsFunctionBoundary(this IOperation operation) =>
        operation is IAnonymousFunctionOperation or ILocalFunctionOperation;

    /// <summary>
    /// Walks the descendants of <paramref name="root"/> without entering lambdas or local functions,
    /// whose bodies run at another time than the code around them.
    /// </summary>
    public static IEnumerable<IOperation> DescendantsInSameFunction(this IOperation root)
    {
        // Sized for a handler body: growing from the default capacity (4, 8, 16...) was a visible share of the samples.
        var stack = new Stack<IOperation>(InitialStackCapacity);
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var child in current.ChildOperations)
            {
                if (child.IsFunctionBoundary())
                {
                    continue;
                }

                yield return child;
                stack.Push(child);
            }
        }
    }

    /// <summary>The lambda, local function or member body that runs <paramref name="operation"/>.</summary>
    public static IOperation? EnclosingFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current.IsFunctionBoundary() || current is IMethodBodyOperation or IConstructorBodyOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The values <paramref name="value"/> may produce, with conditionals, switch expressions, null-coalescing and
    /// awaits taken apart so that each possible value is visited on its own.
    /// </summary>
    public static IEnumerable<IOperation> PossibleValues(IOperation value)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case IAwaitOperation awaited:
                foreach (var leaf in PossibleValues(awaited.Operation))
                {
                    yield return leaf;
                }

                break;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                foreach (var leaf in PossibleValues(conditional.WhenTrue))
                {
                    yield return leaf;
                }

                foreach (var leaf in PossibleValues(whenFalse))
                {
                    yield return leaf;
                }

                break;
            case ICoalesceOperation coalesce:
                foreach (var leaf in PossibleValues(coalesce.Value))
                {
                    yield return leaf;
                }

                foreach (var leaf in PossibleValues(coalesce.WhenNull))
                {
                    yield return leaf;
                }

                break;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    foreach (var leaf in PossibleValues(arm.Value))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return value;
                break;
        }
    }

    /// <summary>
    /// When <paramref name="value"/> reads a local that is assigned exactly once, by its declaration,
    /// returns that initializer; otherwise returns null. Used to follow <c>var items = ...; return items;</c>.
    /// </summary>
    public static IOperation? SingleAssignmentInitializer(this ILocalReferenceOperation value, IOperation body) =>
        SingleAssignmentInitializer(value.Local, body.DescendantsInSameFunction());

    /// <summary>The single initializer of <paramref name="local"/> among <paramref name="operations"/> (a body's descendants).</summary>
    public static IOperation? SingleAssignmentInitializer(ILocalSymbol local, IEnumerable<IOperation> operations)
    {
        IOperation? initializer = null;
        foreach (var descendant in operations)
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator
                    when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    initializer = declarator.Initializer?.Value;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return null;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return null;
            }
        }

        return initializer;
    }
}
