using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Scalability;

/// <summary>
/// PK1004: <c>.Result</c>, <c>.Wait()</c> or <c>.GetAwaiter().GetResult()</c> on a task in code that handles a request
/// or a message: minimal API handlers, controllers, middleware, filters, hubs, hosted services, consumers and MediatR
/// handlers. Each blocked thread is a thread-pool thread the server needs for other requests; under load the pool
/// starves and latency climbs for everyone. A task that has certainly finished (awaited earlier in the same function,
/// checked with <c>IsCompleted</c>, <c>Task.FromResult</c>) is not reported, and neither is <c>Dispose</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SyncOverAsyncInHandlerAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SyncOverAsyncInHandler,
        messageFormat: "'{0}' blocks a thread-pool thread until the task finishes, in code that handles {1}; await the task instead",
        description: "Blocking on a task in request or message handling holds a thread-pool thread for the whole wait; under load the pool starves and every request slows down, and with a synchronization context it can deadlock. Make the handler async and await the task.");

    /// <summary>Set when the code fix can await the task: "await" inside an async function, "async" for a minimal API lambda that can become async.</summary>
    internal const string FixProperty = "Fix";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var tasks = TaskSymbols.TryCreate(compilation);
            if (tasks is null || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            HandlerCode.Register(
                compilationContext,
                IsCandidate,
                (operation, site, report) => Analyze(operation, tasks, site, report),
                OperationKind.PropertyReference,
                OperationKind.Invocation);
        });
    }

    private static bool IsCandidate(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation property => property.Property.Name == "Result",
        IInvocationOperation invocation => invocation.TargetMethod.Name is "Wait" or "GetResult",
        _ => false,
    };

    private static void Analyze(IOperation operation, TaskSymbols tasks, HandlerSite site, System.Action<Diagnostic> report)
    {
        if (tasks.BlockedTask(operation) is not { } task || TaskSymbols.IsKnownCompleted(task, operation))
        {
            return;
        }

        var wait = operation switch
        {
            IPropertyReferenceOperation => ".Result",
            IInvocationOperation { TargetMethod.Name: "Wait" } => ".Wait()",
            _ => ".GetAwaiter().GetResult()",
        };
        var fix = site.AwaitFix(operation);
        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        report(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, wait, site.Handles));
    }
}
