using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.RelationalData;

/// <summary>
/// PK2005: a <c>DbContext</c> injected into a hosted service or into a type registered with
/// <c>AddSingleton</c>. The context is scoped; a singleton keeps one instance for the life of the process,
/// shares it across threads (DbContext is not thread-safe) and lets its change tracker grow without bound.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DbContextInLongLivedServiceAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DbContextInLongLivedService,
        messageFormat: "'{0}' lives for the whole process but takes the scoped DbContext '{1}'; inject IServiceScopeFactory or IDbContextFactory<{1}> and create a context per unit of work",
        description: "Hosted services and singletons outlive every request. A DbContext captured by one is shared between threads and accumulates tracked entities forever. Create a scope (IServiceScopeFactory.CreateScope) or use IDbContextFactory per unit of work.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var ef = EfCoreSymbols.TryCreate(compilation);
            if (ef is null)
            {
                return;
            }

            var hostedService = compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");
            if (hostedService is not null)
            {
                compilationContext.RegisterSymbolAction(c => AnalyzeHostedService(c, ef, hostedService), SymbolKind.NamedType);
            }

            var registrations = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions");
            if (registrations is not null)
            {
                compilationContext.RegisterOperationAction(c => AnalyzeSingletonRegistration(c, ef, registrations), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeHostedService(SymbolAnalysisContext context, EfCoreSymbols ef, INamedTypeSymbol hostedService)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || !type.Implements(hostedService))
        {
            return;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (ef.IsDbContext(parameter.Type) && parameter.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration)
                {
                    var location = declaration.GetSyntax(context.CancellationToken).GetLocation();
                    context.ReportDiagnostic(Diagnostic.Create(Rule, location, type.Name, parameter.Type.Name));
                }
            }
        }
    }

    /// <summary><c>services.AddSingleton&lt;IService, Implementation&gt;()</c> where the implementation's constructor takes a DbContext.</summary>
    private static void AnalyzeSingletonRegistration(OperationAnalysisContext context, EfCoreSymbols ef, INamedTypeSymbol registrations)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "AddSingleton" || !method.ContainingType.IsType(registrations) || method.TypeArguments.Length == 0)
        {
            return;
        }

        // The last type argument is the implementation; a factory or instance overload builds it some other way.
        if (invocation.Arguments.Length > 1 || method.TypeArguments[method.TypeArguments.Length - 1] is not INamedTypeSymbol implementation)
        {
            return;
        }

        foreach (var constructor in implementation.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            foreach (var parameter in constructor.Parameters)
            {
                if (ef.IsDbContext(parameter.Type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), implementation.Name, parameter.Type.Name));
                    return;
                }
            }
        }
    }
}
