using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>Where a piece of request or message handling code was found (see <see cref="HandlerCode"/>).</summary>
internal readonly struct HandlerSite
{
    public HandlerSite(ISymbol containingSymbol, bool isMinimalApiLambda, string handles)
    {
        ContainingSymbol = containingSymbol;
        IsMinimalApiLambda = isMinimalApiLambda;
        Handles = handles;
    }

    /// <summary>The method (or lambda) whose body holds the operation.</summary>
    public ISymbol ContainingSymbol { get; }

    /// <summary>The operation is in a minimal API handler written as a lambda, which can become async without other changes.</summary>
    public bool IsMinimalApiLambda { get; }

    /// <summary>"a request", or "a request or a message" for the members of handler types.</summary>
    public string Handles { get; }

    /// <summary>
    /// How a fix can await at <paramref name="operation"/>: "await" inside an async function, "async" in a minimal API
    /// lambda that can be made async; null when the enclosing method would have to change its signature.
    /// </summary>
    public string? AwaitFix(IOperation operation)
    {
        var enclosing = operation.EnclosingFunction();
        var isAsync = enclosing switch
        {
            Microsoft.CodeAnalysis.Operations.IAnonymousFunctionOperation lambda => lambda.Symbol.IsAsync,
            Microsoft.CodeAnalysis.Operations.ILocalFunctionOperation local => local.Symbol.IsAsync,
            _ => ContainingSymbol is IMethodSymbol { IsAsync: true },
        };
        return isAsync ? "await"
            : IsMinimalApiLambda && enclosing is Microsoft.CodeAnalysis.Operations.IAnonymousFunctionOperation ? "async"
            : null;
    }
}
