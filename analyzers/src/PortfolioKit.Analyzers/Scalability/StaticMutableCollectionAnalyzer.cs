using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Scalability;

/// <summary>
/// PK1003: a static collection that request or background code writes to. That state lives in one
/// process, so a second instance behind a load balancer sees different data, and a restart loses it.
/// Read-only lookup tables and memoisation caches (<c>GetOrAdd</c>) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticMutableCollectionAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.StaticMutableCollection,
        messageFormat: "Static collection '{0}' is modified at run time; state kept in process memory breaks when the app runs on more than one instance",
        description: "A static List/Dictionary/ConcurrentDictionary used as a store is lost on restart and diverges between instances. Keep shared state in a database or a distributed cache (IDistributedCache, HybridCache).");

    // Mutating members of the BCL collections. GetOrAdd is left out on purpose: it memoises derived data.
    private static readonly ImmutableHashSet<string> MutatingMembers = ImmutableHashSet.Create(
        "Add", "AddRange", "Insert", "InsertRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "Clear",
        "TryAdd", "TryRemove", "TryUpdate", "AddOrUpdate", "Enqueue", "Dequeue", "TryDequeue", "Push", "Pop", "TryPop", "TryTake",
        "UnionWith", "ExceptWith", "IntersectWith", "Sort", "Reverse");

    private static readonly ImmutableHashSet<string> CollectionNamespaces = ImmutableHashSet.Create(
        "System.Collections.Generic", "System.Collections.Concurrent", "System.Collections");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            if (!CompilationTraits.IsServiceApplication(compilation) || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            compilationContext.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
            compilationContext.RegisterOperationAction(AnalyzeIndexerWrite, OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!MutatingMembers.Contains(invocation.TargetMethod.Name)
            || invocation.Instance?.WalkDownConversions() is not IFieldReferenceOperation fieldReference)
        {
            return;
        }

        ReportIfSharedState(context, fieldReference.Field, invocation);
    }

    private static void AnalyzeIndexerWrite(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }
            && instance.WalkDownConversions() is IFieldReferenceOperation fieldReference)
        {
            ReportIfSharedState(context, fieldReference.Field, assignment);
        }
    }

    private static void ReportIfSharedState(OperationAnalysisContext context, IFieldSymbol field, IOperation write)
    {
        if (!field.IsStatic || field.IsConst || !IsCollection(field.Type) || IsThreadLocal(field) || IsMetadataCache(field.Type))
        {
            return;
        }

        // Filling the collection while the type initialises builds a lookup table, not shared state.
        if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.StaticConstructor }
            || context.ContainingSymbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true })
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, write.Syntax.GetLocation(), field.Name));
    }

    private static bool IsCollection(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is not null && CollectionNamespaces.Contains(ns) && type.TypeKind == TypeKind.Class;
    }

    /// <summary>
    /// A collection keyed by <c>Type</c> or a reflection member caches facts about the program itself,
    /// which are the same on every instance.
    /// </summary>
    private static bool IsMetadataCache(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return false;
        }

        var key = named.TypeArguments[0];
        return key.ContainingNamespace?.ToDisplayString() == "System.Reflection"
            || (key.Name == "Type" && key.ContainingNamespace?.ToDisplayString() == "System");
    }

    private static bool IsThreadLocal(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "ThreadStaticAttribute")
            {
                return true;
            }
        }

        return false;
    }
}
