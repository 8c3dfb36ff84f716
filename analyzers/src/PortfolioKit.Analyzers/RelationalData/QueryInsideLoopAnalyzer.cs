using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.RelationalData;

/// <summary>
/// PK2003: a database query executed once per item of a <c>foreach</c>/<c>for</c> loop (the N+1 pattern).
/// Loops that page through a table with <c>Take</c> and polling <c>while</c> loops are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryInsideLoopAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.QueryInsideLoop,
        title: "Do not query the database once per loop iteration",
        messageFormat: "'{0}' runs a database query on every iteration (N+1); load the data once before the loop with Include, a join or Contains",
        RuleCategories.RelationalData,
        DiagnosticSeverity.Warning,
        description: "A query inside a loop over items makes one round trip per item. Fetch everything in one query before the loop (Where(x => ids.Contains(x.Id)), Include, a projection with a join) and look items up in memory.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var ef = EfCoreSymbols.TryCreate(compilationContext.Compilation);
            if (ef is null)
            {
                return;
            }

            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    if (!ef.IsDatabaseQueryExecution(invocation)
                        || ef.HasRowLimit(EfCoreSymbols.QueryReceiver(invocation))
                        || Loops.EnclosingIteration(invocation, out _) is null)
                    {
                        return;
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                },
                OperationKind.Invocation);
        });
    }
}
