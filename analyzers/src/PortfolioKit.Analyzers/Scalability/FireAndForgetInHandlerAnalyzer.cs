using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Scalability;

/// <summary>
/// PK1005: work started from request or message handling that nothing awaits or tracks: a task thrown away with
/// <c>_ = SendAsync()</c>, a task-returning call used as a statement in a synchronous handler, or
/// <c>ThreadPool.QueueUserWorkItem</c>. The work dies with the process (a deploy, a scale-in, a crash), its failures
/// are never seen, and under load it competes with requests for threads and connections. A task that is stored or
/// returned is not reported; a bare unawaited call in an async method is left to the compiler's CS4014.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FireAndForgetInHandlerAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.FireAndForgetInHandler,
        messageFormat: "'{0}' starts work that nothing awaits while handling {1}; it is lost when the process stops and its failures go unseen: put it on a queue, in the outbox or in a hosted service, or await it",
        description: "Fire-and-forget work started from a request or message handler is lost on shutdown or scale-in, its exceptions are unobserved, and it competes with requests for threads and connections. Persist the work (outbox, queue) and let a hosted service process it, or await it.");

    /// <summary>"await" or "async" when the code fix can await the discarded task (see <see cref="HandlerSite.AwaitFix"/>).</summary>
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

            var threadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
            HandlerCode.Register(
                compilationContext,
                operation => operation is IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IDiscardOperation },
                (operation, site, report) => Analyze(operation, tasks, threadPool, site, report),
                OperationKind.ExpressionStatement,
                OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(IOperation operation, TaskSymbols tasks, INamedTypeSymbol? threadPool, HandlerSite site, System.Action<Diagnostic> report)
    {
        IOperation started;
        string? fix = null;
        if (operation is ISimpleAssignmentOperation discard)
        {
            // _ = SendAsync();
            started = discard.Value.WalkDownConversions();
            if (!tasks.IsTask(started.Type))
            {
                return;
            }

            fix = site.AwaitFix(operation);
        }
        else
        {
            started = ((IExpressionStatementOperation)operation).Operation;
            if (started is not IInvocationOperation invocation)
            {
                return;
            }

            var queuesWork = invocation.TargetMethod.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem"
                && invocation.TargetMethod.ContainingType.IsType(threadPool);
            // SendAsync(); as a statement: in an async function the compiler's CS4014 says it already.
            if (!queuesWork && (!tasks.IsTask(invocation.Type) || site.AwaitFix(operation) == "await"))
            {
                return;
            }
        }

        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        report(Diagnostic.Create(Rule, started.Syntax.GetLocation(), properties, Describe(started), site.Handles));
    }

    /// <summary>The call as a reader recognises it: <c>Task.Run</c>, <c>emails.SendAsync</c>.</summary>
    private static string Describe(IOperation started) => started switch
    {
        IInvocationOperation { Instance: null } call => call.TargetMethod.ContainingType.Name + "." + call.TargetMethod.Name,
        IInvocationOperation call => call.TargetMethod.Name,
        _ => started.Syntax.ToString(),
    };
}
