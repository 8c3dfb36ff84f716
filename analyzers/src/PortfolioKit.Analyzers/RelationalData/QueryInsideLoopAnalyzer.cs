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
/// Loops that page through a table with <c>Take</c>, polling <c>while</c> loops, and a query that loads a value once
/// (<c>customer ??= await db.Customers.FindAsync(id)</c>, or assigned under <c>if (customer == null)</c>) are not
/// reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryInsideLoopAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.QueryInsideLoop,
        messageFormat: "'{0}' runs a database query on every iteration (N+1); load the data once before the loop with Include, a join or Contains",
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

            // From each loop to the calls it iterates: one callback per loop instead of one per invocation.
            compilationContext.RegisterOperationAction(
                operationContext =>
                {
                    var loop = operationContext.Operation;
                    foreach (var invocation in Loops.IteratedInvocations(loop))
                    {
                        if (!ef.IsDatabaseQueryExecution(invocation)
                            || ef.HasRowLimit(EfCoreSymbols.QueryReceiver(invocation))
                            || IsLoadedOnce(invocation, loop))
                        {
                            continue;
                        }

                        operationContext.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                    }
                },
                Loops.IterationKinds);
        });
    }

    /// <summary>
    /// The query fills a variable the first time round and is skipped afterwards: its result is assigned with
    /// <c>??=</c>, or under an <c>if</c> inside the loop that checks the same variable for null.
    /// </summary>
    private static bool IsLoadedOnce(IOperation query, IOperation loop)
    {
        ISymbol? target = null;
        for (var current = query.Parent; current is not null && current != loop; current = current.Parent)
        {
            switch (current)
            {
                case ICoalesceAssignmentOperation coalesce when TargetSymbol(coalesce.Target) is not null:
                    return true;
                case ISimpleAssignmentOperation assignment when target is null:
                    target = TargetSymbol(assignment.Target);
                    break;
                case IConditionalOperation { Condition: { } condition } when target is not null && ChecksForNull(condition, target):
                    return true;
            }
        }

        return false;
    }

    private static ISymbol? TargetSymbol(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    /// <summary>
    /// The condition holds only while <paramref name="target"/> is null: it is the null check, or a conjunction
    /// (<c>&amp;&amp;</c>) with one. A disjunction (<c>last == null || last.Id != id</c>) can hold on every iteration.
    /// </summary>
    private static bool ChecksForNull(IOperation condition, ISymbol target)
    {
        condition = condition.WalkDownConversions();
        return condition switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals =>
                (IsNull(equals.RightOperand) && Is(equals.LeftOperand, target)) || (IsNull(equals.LeftOperand) && Is(equals.RightOperand, target)),
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } isPattern => IsNull(value) && Is(isPattern.Value, target),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and => ChecksForNull(and.LeftOperand, target) || ChecksForNull(and.RightOperand, target),
            _ => false,
        };
    }

    private static bool IsNull(IOperation operation) => operation.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: null } };

    private static bool Is(IOperation operation, ISymbol symbol) =>
        TargetSymbol(operation.WalkDownConversions()) is { } referenced && SymbolEqualityComparer.Default.Equals(referenced, symbol);
}
