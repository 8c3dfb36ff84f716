using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>The task types and their awaiters, resolved once per compilation, and what the async rules ask of them.</summary>
internal sealed class TaskSymbols
{
    private TaskSymbols(Compilation compilation, INamedTypeSymbol task)
    {
        Task = task;
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
    }

    public INamedTypeSymbol Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    /// <summary>Resolved once per compilation for all rules.</summary>
    public static TaskSymbols? TryCreate(Compilation compilation) => PerCompilation<TaskSymbols>.Get(
        compilation,
        c => c.GetTypeByMetadataName("System.Threading.Tasks.Task") is { } task ? new TaskSymbols(c, task) : null);

    /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; (or a type derived from Task).</summary>
    public bool IsTask(ITypeSymbol? type) =>
        type is not null
        && (type.InheritsFromOrEquals(Task) || type.IsType(ValueTask) || type.IsType(ValueTaskOfT));

    /// <summary>
    /// The task a blocking wait waits for: <c>t</c> in <c>t.Result</c>, <c>t.Wait()</c>,
    /// <c>t.GetAwaiter().GetResult()</c> and <c>t.ConfigureAwait(false).GetAwaiter().GetResult()</c>; null when
    /// <paramref name="operation"/> is not such a wait.
    /// </summary>
    public IOperation? BlockedTask(IOperation operation)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance } when IsTask(instance.Type):
                return instance;
            case IInvocationOperation { TargetMethod.Name: "Wait", Instance: { } instance } when IsTask(instance.Type):
                return instance;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter }:
                var awaited = getAwaiter.Instance?.WalkDownConversions();
                if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                {
                    awaited = configured.WalkDownConversions();
                }

                return awaited is not null && IsTask(awaited.Type) ? awaited : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when the task has certainly finished where it is read: <c>Task.FromResult(x)</c>, <c>Task.CompletedTask</c>,
    /// or a local or parameter that the same function awaits (directly, or through <c>Task.WhenAll/WhenAny</c>) or
    /// checks with <c>IsCompleted</c>, <c>IsCompletedSuccessfully</c> or <c>IsFaulted</c>.
    /// </summary>
    public static bool IsKnownCompleted(IOperation task, IOperation wait)
    {
        task = task.WalkDownConversions();
        if (task is IInvocationOperation { TargetMethod.Name: "FromResult" or "FromException" or "FromCanceled" }
            or IPropertyReferenceOperation { Property.Name: "CompletedTask" })
        {
            return true;
        }

        ISymbol? symbol = task switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null)
        {
            return false;
        }

        var function = wait.EnclosingFunction() ?? Root(wait);
        foreach (var descendant in function.DescendantsInSameFunction())
        {
            switch (descendant)
            {
                case IAwaitOperation awaited when Mentions(awaited.Operation, symbol):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled", Instance: { } instance }
                    when Refers(instance, symbol):
                    return true;
            }
        }

        return false;
    }

    private static bool Mentions(IOperation operation, ISymbol symbol)
    {
        if (Refers(operation, symbol))
        {
            return true;
        }

        foreach (var descendant in operation.DescendantsInSameFunction())
        {
            if (Refers(descendant, symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Refers(IOperation operation, ISymbol symbol) => operation.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
        IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol),
        _ => false,
    };

    private static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        return current;
    }
}
