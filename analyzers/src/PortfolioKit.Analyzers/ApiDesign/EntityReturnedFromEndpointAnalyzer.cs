using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.ApiDesign;

/// <summary>
/// PK3001: an endpoint that serialises an EF Core entity (or a collection of them) into its response.
/// The API contract then changes with every schema change, navigation properties can cycle or load
/// lazily, and internal columns leak to clients.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EntityReturnedFromEndpointAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.EntityReturnedFromEndpoint,
        messageFormat: "The response exposes the EF Core entity '{0}'; project it to a response DTO",
        description: "Entities describe the database schema, not the API contract. Returning them couples clients to the schema, can serialise navigation cycles and exposes columns that should stay private. Project to a record DTO with Select.");

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

            var catalog = EntityTypeCatalog.For(compilationContext.Compilation, ef);
            EndpointBody.Register(compilationContext, endpoints, (endpoint, report) =>
            {
                foreach (var payload in ResponsePayloads.Of(endpoint, endpoints))
                {
                    if (catalog.FindEntity(payload.Type) is { } entity)
                    {
                        report(Diagnostic.Create(Rule, payload.Syntax.GetLocation(), entity.Name));
                    }
                }
            });
        });
    }
}
