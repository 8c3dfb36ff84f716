using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.RelationalData;

/// <summary>
/// PK2004: <c>SaveChanges</c>/<c>SaveChangesAsync</c> called once per item of a <c>foreach</c>/<c>for</c>
/// loop. Deliberate batching (<c>if (i % 100 == 0) SaveChanges()</c>) and polling <c>while</c> loops are
/// not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SaveChangesInsideLoopAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SaveChangesInsideLoop,
        messageFormat: "'{0}' runs once per loop iteration, a round trip and a transaction per item; save once after the loop",
        description: "EF Core batches all tracked changes into one round trip per SaveChanges. Calling it inside a loop sends one transaction per item and leaves half-saved data when an item fails. Add or update everything, then save once.");

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
                        if (invocation.TargetMethod.Name is not ("SaveChanges" or "SaveChangesAsync")
                            || !ef.IsDbContext(invocation.TargetMethod.ContainingType)
                            || IsBatched(invocation, loop))
                        {
                            continue;
                        }

                        operationContext.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                    }
                },
                Loops.IterationKinds);
        });
    }

    /// <summary>An <c>if</c> between the loop and the call whose condition uses <c>%</c> saves every N items on purpose.</summary>
    private static bool IsBatched(IOperation invocation, IOperation loop)
    {
        for (var current = invocation.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: { } condition } && UsesRemainder(condition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool UsesRemainder(IOperation condition)
    {
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.Remainder })
        {
            return true;
        }

        foreach (var descendant in condition.DescendantsInSameFunction())
        {
            if (descendant is IBinaryOperation { OperatorKind: BinaryOperatorKind.Remainder })
            {
                return true;
            }
        }

        return false;
    }
}
