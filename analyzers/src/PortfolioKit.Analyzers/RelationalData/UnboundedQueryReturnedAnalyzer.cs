using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.RelationalData;

/// <summary>
/// PK2002: an endpoint that returns every row of a table: a <c>DbSet</c> query materialised with
/// <c>ToList</c>/<c>ToListAsync</c> (or returned as an <c>IQueryable</c>) without <c>Take</c>. Response
/// size and database load then grow with the table instead of with the request.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedQueryReturnedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UnboundedQueryReturned,
        messageFormat: "This endpoint returns every row of the query; add paging (Skip/Take) or a maximum (Take)",
        description: "A DbSet query returned from an endpoint without Take loads and serialises the whole table; the response grows with the data. Accept page and pageSize parameters and apply Skip/Take, or cap the result.");

    private static readonly ImmutableHashSet<string> MaterialisingOperators = ImmutableHashSet.Create(
        "ToList", "ToListAsync", "ToArray", "ToArrayAsync", "ToDictionary", "ToDictionaryAsync", "ToHashSet", "ToHashSetAsync");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var ef = EfCoreSymbols.TryCreate(compilationContext.Compilation);
            var endpoints = EndpointSymbols.TryCreate(compilationContext.Compilation);
            if (ef is null || endpoints is null)
            {
                return;
            }

            EndpointBody.Register(compilationContext, endpoints, (endpoint, report) =>
            {
                foreach (var payload in ResponsePayloads.Of(endpoint, endpoints))
                {
                    if (IsUnboundedQuery(payload, ef))
                    {
                        report(Diagnostic.Create(Rule, payload.Syntax.GetLocation()));
                    }
                }
            });
        });
    }

    private static bool IsUnboundedQuery(IOperation payload, EfCoreSymbols ef)
    {
        if (payload is IInvocationOperation call && MaterialisingOperators.Contains(call.TargetMethod.Name) && ef.IsExecutingOperator(call))
        {
            var source = EfCoreSymbols.QueryReceiver(call);
            return ef.IsRootedInDbSet(source) && !ef.HasRowLimit(source);
        }

        // Returning the query itself lets the serializer enumerate the whole table. The chain is followed first: it
        // ends at the first operation that is not a query operator (most payloads), while Implements walks every
        // interface of the payload's type, constructed anew for each generic payload.
        return ef.IsRootedInDbSet(payload) && payload.Type.Implements(ef.QueryableOfT) && !ef.HasRowLimit(payload);
    }
}
