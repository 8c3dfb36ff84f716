using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Scalability;

/// <summary>
/// PK1002: <c>Thread.Sleep</c> inside an async function or a hosted service. It blocks a thread-pool
/// thread that the server needs for other requests, and it cannot be cancelled on shutdown.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadSleepInAsyncCodeAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ThreadSleepInAsyncCode,
        messageFormat: "Thread.Sleep blocks a thread-pool thread {0}; use 'await Task.Delay' with a CancellationToken",
        description: "Thread.Sleep holds a thread-pool thread for the whole wait and ignores shutdown. In async code and background services await Task.Delay with the cancellation token instead.");

    internal const string AsyncFunctionProperty = "InAsyncFunction";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            if (thread is null)
            {
                return;
            }

            var hostedService = compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");
            compilationContext.RegisterOperationAction(
                operationContext => AnalyzeInvocation(operationContext, thread, hostedService),
                OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol thread, INamedTypeSymbol? hostedService)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "Sleep" || !invocation.TargetMethod.ContainingType.IsType(thread))
        {
            return;
        }

        if (IsInsideAsyncFunction(invocation, context.ContainingSymbol))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(AsyncFunctionProperty, "true"),
                "in an async method"));
            return;
        }

        if (context.ContainingSymbol.ContainingType.Implements(hostedService))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "in a hosted service"));
        }
    }

    /// <summary>Only the innermost function counts: a synchronous lambda inside an async method is not async code.</summary>
    internal static bool IsInsideAsyncFunction(IOperation operation, ISymbol containingSymbol)
    {
        return operation.EnclosingFunction() switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol.IsAsync,
            ILocalFunctionOperation localFunction => localFunction.Symbol.IsAsync,
            _ => containingSymbol is IMethodSymbol { IsAsync: true },
        };
    }
}
