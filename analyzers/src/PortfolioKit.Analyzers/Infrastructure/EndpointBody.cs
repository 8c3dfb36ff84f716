using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Infrastructure;

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
    public static void Register(
        CompilationStartAnalysisContext context,
        EndpointSymbols symbols,
        Action<EndpointBody, Action<Diagnostic>> action)
    {
        if (symbols.HasMinimalApis)
        {
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    if (!symbols.TryGetMinimalApiHandler(invocation, out var handler))
                    {
                        return;
                    }

                    var body = ResolveHandlerBody((IDelegateCreationOperation)handler, operationContext);
                    if (body is not null)
                    {
                        action(body, operationContext.ReportDiagnostic);
                    }
                },
                OperationKind.Invocation);
        }

        if (symbols.HasControllers)
        {
            context.RegisterOperationBlockAction(blockContext =>
            {
                if (blockContext.OwningSymbol is not IMethodSymbol method || !symbols.IsControllerAction(method))
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

    private static EndpointBody? ResolveHandlerBody(IDelegateCreationOperation handler, OperationAnalysisContext context)
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
                var tree = declaration.SyntaxTree;
                var semanticModel = tree == context.Operation.Syntax.SyntaxTree
                    ? context.Operation.SemanticModel
#pragma warning disable RS1030 // Handlers declared in other files need their own model; there is one per mapped method group, not per node.
                    : context.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                var bodySyntax = declaration switch
                {
                    MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
                    LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody?.Expression,
                    _ => null,
                };
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

    /// <summary>
    /// Each value the endpoint can return. For expression-bodied method groups the body is the
    /// returned expression itself.
    /// </summary>
    public System.Collections.Generic.IEnumerable<IOperation> ReturnedValues()
    {
        if (Body is IBlockOperation)
        {
            return Body.ReturnedValues();
        }

        return OperationExtensions.PossibleValues(Body);
    }
}
