using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// Finds operations in code that runs per request or per message: the members of <see cref="HandlerTypes"/> and the
/// bodies of minimal API handlers (<see cref="EndpointBody"/>). Used by the rules about what such code must not do
/// (block on tasks, start work nobody awaits).
/// </summary>
internal static class HandlerCode
{
    public static void Register(
        CompilationStartAnalysisContext context,
        Func<IOperation, bool> isCandidate,
        Action<IOperation, HandlerSite, Action<Diagnostic>> analyze,
        params OperationKind[] kinds)
    {
        var compilation = context.Compilation;
        var handlers = HandlerTypes.TryCreate(compilation);
        if (handlers is not null)
        {
            // The member is classified once per body, and the operation callbacks (invocations, property reads: most
            // of a compilation) are registered only in the bodies of handler types.
            context.RegisterOperationBlockStartAction(block =>
            {
                var member = block.OwningSymbol;
                if (member is IMethodSymbol { Name: "Dispose" or "DisposeAsync" } || !handlers.IsHandler(member.ContainingType))
                {
                    return;
                }

                block.RegisterOperationAction(
                    c =>
                    {
                        if (isCandidate(c.Operation))
                        {
                            analyze(c.Operation, new HandlerSite(c.ContainingSymbol, isMinimalApiLambda: false, "a request or a message"), c.ReportDiagnostic);
                        }
                    },
                    kinds);
            });
        }

        var endpoints = EndpointSymbols.TryCreate(compilation);
        if (endpoints is not { HasMinimalApis: true })
        {
            return;
        }

        EndpointBody.Register(context, endpoints, (endpoint, report) =>
        {
            var method = endpoint.Method;
            if (!endpoint.IsMinimalApi || method is null || (handlers?.IsHandler(method.ContainingType) ?? false))
            {
                return;
            }

            var site = new HandlerSite(method, method.MethodKind == MethodKind.AnonymousFunction, "a request");
            if (isCandidate(endpoint.Body))
            {
                analyze(endpoint.Body, site, report);
            }

            foreach (var operation in EndpointBodyOperations.Of(endpoint.Body).Descendants)
            {
                if (isCandidate(operation))
                {
                    analyze(operation, site, report);
                }
            }
        });
    }
}
