using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Scalability;

/// <summary>
/// PK1001: <c>new HttpClient()</c> in code that runs per request or per call. Each instance owns its own
/// connection pool, so creating them on demand exhausts sockets under load and ignores DNS changes.
/// A client kept in a static field, or one built over a shared handler, is the documented alternative
/// to <c>IHttpClientFactory</c> and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpClientCreatedPerUseAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HttpClientCreatedPerUse,
        messageFormat: "'new HttpClient()' here creates a connection pool per use; inject IHttpClientFactory or a typed client instead",
        description: "Creating HttpClient per request or per service instance exhausts sockets under load and never refreshes DNS. Register a typed or named client with AddHttpClient and inject it.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var httpClient = compilationContext.Compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
            if (httpClient is null
                || !CompilationTraits.IsServiceApplication(compilationContext.Compilation)
                || CompilationTraits.IsTestProject(compilationContext.Compilation))
            {
                return;
            }

            compilationContext.RegisterOperationAction(
                operationContext => AnalyzeCreation(operationContext, httpClient),
                OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol httpClient)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, httpClient))
        {
            return;
        }

        if (UsesSharedHandler(creation) || IsCreatedOncePerProcess(creation, context.ContainingSymbol))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation()));
    }

    /// <summary>
    /// <c>new HttpClient(sharedHandler, disposeHandler: false)</c> reuses the handler's pool, which is
    /// fine; only a handler created on the spot (<c>new HttpClient(new HttpClientHandler())</c>) is not.
    /// </summary>
    private static bool UsesSharedHandler(IObjectCreationOperation creation)
    {
        if (creation.Arguments.Length == 0)
        {
            return false;
        }

        var handler = creation.Arguments[0].Value.WalkDownConversions();
        return handler is not IObjectCreationOperation;
    }

    /// <summary>Static field initializers and static constructors run once: that client is a singleton.</summary>
    private static bool IsCreatedOncePerProcess(IObjectCreationOperation creation, ISymbol containingSymbol)
    {
        if (containingSymbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true })
        {
            return true;
        }

        if (containingSymbol is IMethodSymbol { MethodKind: MethodKind.StaticConstructor })
        {
            return true;
        }

        // Lazy<HttpClient> / static readonly Lazy initialisers: the lambda belongs to a static field.
        for (var current = creation.Parent; current is not null; current = current.Parent)
        {
            if (current is IFieldInitializerOperation fieldInitializer)
            {
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    if (field.IsStatic)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
