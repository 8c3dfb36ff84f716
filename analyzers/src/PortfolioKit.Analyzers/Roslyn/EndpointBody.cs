using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>The body of code that answers an HTTP request: a minimal API handler or a controller action.</summary>
internal sealed class EndpointBody
{
    private EndpointBody(IOperation body, IMethodSymbol? method, bool isMinimalApi)
    {
        Body = body;
        Method = method;
        IsMinimalApi = isMinimalApi;
    }

    /// <summary>The block (or expression) that runs per request.</summary>
    public IOperation Body { get; }

    /// <summary>The handler method or lambda symbol.</summary>
    public IMethodSymbol? Method { get; }

    public bool IsMinimalApi { get; }

    /// <summary>
    /// Calls <paramref name="action"/> once for every minimal API handler (lambda or method group) and every
    /// controller action in the compilation. Handlers given as method groups are resolved to their bodies.
    /// </summary>
    /// <remarks>
    /// A method-group handler (<c>group.MapGet("/{id}", GetById)</c>) is analysed with the operation tree the
    /// analyzer driver hands out for the method's own body, not by asking the semantic model for that body from
    /// the <c>Map*</c> call: that would bind the whole method (with nullable analysis) inside this analyzer's
    /// callback, before the driver gets to it, and it was by far the largest cost of the endpoint rules. Which
    /// of the two callbacks comes first depends on the driver's scheduling, so <see cref="MethodGroupHandlers"/>
    /// remembers both sides per compilation; only when the body was delivered before its <c>Map*</c> call is the
    /// body fetched from the semantic model, which has it bound and cached by then.
    /// </remarks>
    public static void Register(
        CompilationStartAnalysisContext context,
        EndpointSymbols symbols,
        Action<EndpointBody, Action<Diagnostic>> action)
    {
        var methodGroups = symbols.HasMinimalApis ? MethodGroupHandlers.For(context.Compilation) : null;
        if (methodGroups is not null)
        {
            // Called per delegate creation, not per invocation: a handler is a delegate passed to a Map* call, and a
            // compilation has a few delegate creations for every hundred invocations. The Map* call is found above it.
            context.RegisterOperationAction(
                operationContext =>
                {
                    if (MapCallOf(operationContext.Operation) is not { } invocation
                        || !symbols.TryGetMinimalApiHandler(invocation, out var handler)
                        || handler != operationContext.Operation)
                    {
                        return;
                    }

                    var body = ResolveHandlerBody((IDelegateCreationOperation)handler, operationContext, methodGroups);
                    if (body is not null)
                    {
                        action(body, operationContext.ReportDiagnostic);
                    }
                },
                OperationKind.DelegateCreation);
        }

        if (methodGroups is not null || symbols.HasControllers)
        {
            context.RegisterOperationBlockAction(blockContext =>
            {
                if (blockContext.OwningSymbol is not IMethodSymbol method)
                {
                    return;
                }

                if (methodGroups is not null
                    && method.MethodKind == MethodKind.Ordinary
                    && methodGroups.BodyDelivered(method)
                    && HandlerBodyFromBlocks(method, blockContext.OperationBlocks, blockContext.CancellationToken) is { } handlerBody)
                {
                    action(handlerBody, blockContext.ReportDiagnostic);
                }

                if (!symbols.HasControllers || !symbols.IsControllerAction(method))
                {
                    return;
                }

                foreach (var block in blockContext.OperationBlocks)
                {
                    if (block is IMethodBodyOperation methodBody && (methodBody.BlockBody ?? methodBody.ExpressionBody) is { } body)
                    {
                        action(new EndpointBody(body, method, isMinimalApi: false), blockContext.ReportDiagnostic);
                    }
                    else if (block is IBlockOperation plainBlock)
                    {
                        action(new EndpointBody(plainBlock, method, isMinimalApi: false), blockContext.ReportDiagnostic);
                    }
                }
            });
        }
    }

    /// <summary>
    /// The call a delegate is an argument of (through conversions and parentheses, as <see cref="OperationExtensions.WalkDownConversions"/>
    /// skips them from the argument down), when that call's name starts with <c>Map</c>; otherwise null.
    /// </summary>
    private static IInvocationOperation? MapCallOf(IOperation delegateCreation)
    {
        // Kind first, then the cast: this runs for every lambda and method group of the compilation, in each endpoint
        // rule, and most of them are arguments of LINQ calls, not of Map* calls.
        var current = delegateCreation.Parent;
        while (current is not null
            && (current.Kind == OperationKind.Parenthesized
                || (current.Kind == OperationKind.Conversion && ((IConversionOperation)current).OperatorMethod is null)))
        {
            current = current.Parent;
        }

        return current is { Kind: OperationKind.Argument, Parent: { Kind: OperationKind.Invocation } parent }
            && parent is IInvocationOperation invocation
            && invocation.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal)
                ? invocation
                : null;
    }

    private static EndpointBody? ResolveHandlerBody(IDelegateCreationOperation handler, OperationAnalysisContext context, MethodGroupHandlers methodGroups)
    {
        switch (handler.Target)
        {
            case IAnonymousFunctionOperation lambda:
                return new EndpointBody(lambda.Body, lambda.Symbol, isMinimalApi: true);

            case IMethodReferenceOperation { Method: var method }:
                // A method group: analyse the method's own body, which may live in another file.
                var reference = method.DeclaringSyntaxReferences.FirstOrDefault();
                if (reference is null)
                {
                    return null;
                }

                var declaration = reference.GetSyntax(context.CancellationToken);
                if (declaration is MethodDeclarationSyntax && method.MethodKind == MethodKind.Ordinary)
                {
                    // The driver delivers the body to the operation block action; analyse it there unless it
                    // has been delivered already.
                    if (!methodGroups.Mapped(method.OriginalDefinition))
                    {
                        return null;
                    }
                }

                var tree = declaration.SyntaxTree;
                var semanticModel = tree == context.Operation.Syntax.SyntaxTree
                    ? context.Operation.SemanticModel
#pragma warning disable RS1030 // Only for a method group whose body the driver delivered before its Map* call, or a local function.
                    : context.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                var bodySyntax = BodySyntax(declaration);
                var body = bodySyntax is null ? null : semanticModel?.GetOperation(bodySyntax, context.CancellationToken);
                if (body is null)
                {
                    return null;
                }

                // An expression body binds to the expression itself; its value is what the handler returns.
                return new EndpointBody(body, method.OriginalDefinition, isMinimalApi: true);

            default:
                return null;
        }
    }

    private static SyntaxNode? BodySyntax(SyntaxNode declaration) => declaration switch
    {
        MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
        LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody?.Expression,
        _ => null,
    };

    /// <summary>
    /// The handler body out of the operation blocks the driver delivered for <paramref name="method"/>: the same
    /// operation <see cref="SemanticModel.GetOperation"/> returns for the body syntax (the block, or for an
    /// expression body the expression itself).
    /// </summary>
    private static EndpointBody? HandlerBodyFromBlocks(IMethodSymbol method, ImmutableArray<IOperation> blocks, CancellationToken cancellationToken)
    {
        var reference = method.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null || BodySyntax(reference.GetSyntax(cancellationToken)) is not { } bodySyntax)
        {
            return null;
        }

        foreach (var block in blocks)
        {
            if (block.Syntax.SyntaxTree == bodySyntax.SyntaxTree
                && block.Syntax.Span.Contains(bodySyntax.Span)
                && FindExplicit(block, bodySyntax) is { } body)
            {
                return new EndpointBody(body, method.OriginalDefinition, isMinimalApi: true);
            }
        }

        return null;
    }

    /// <summary>The non-implicit operation for <paramref name="syntax"/>, searched from the top down.</summary>
    private static IOperation? FindExplicit(IOperation root, SyntaxNode syntax)
    {
        var pending = new Stack<IOperation>(OperationExtensions.InitialStackCapacity);
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!current.IsImplicit && current.Syntax == syntax)
            {
                return current;
            }

            foreach (var child in current.ChildOperations)
            {
                if (child.Syntax.Span.Contains(syntax.Span))
                {
                    pending.Push(child);
                }
            }
        }

        return null;
    }
    /// <summary>
    /// Each value the endpoint can return. For expression-bodied method groups the body is the
    /// returned expression itself.
    /// </summary>
    public System.Collections.Generic.IEnumerable<IOperation> ReturnedValues()
    {
        if (Body is IBlockOperation)
        {
            return EndpointBodyOperations.Of(Body).ReturnedValues;
        }

        return OperationExtensions.PossibleValues(Body);
    }
}
