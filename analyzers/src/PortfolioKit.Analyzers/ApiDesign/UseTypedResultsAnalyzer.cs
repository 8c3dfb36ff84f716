using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.ApiDesign;

/// <summary>
/// PK3002: a minimal API handler that returns <c>Results.Xxx(...)</c>. <c>Results</c> methods return
/// <c>IResult</c>, which tells OpenAPI and tests nothing; <c>TypedResults</c> returns concrete types
/// (<c>Ok&lt;T&gt;</c>, <c>NotFound</c>) that document every response of the endpoint.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseTypedResultsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UseTypedResults,
        messageFormat: "Use 'TypedResults.{0}' so that the endpoint's responses appear in OpenAPI and can be asserted in unit tests",
        description: "Results.* returns IResult, which hides the response type from OpenAPI metadata and from unit tests. TypedResults.* returns Ok<T>, Created<T>, NotFound and so on; declare Results<Ok<T>, NotFound> when a handler has several outcomes.");

    // Browser navigation and authentication hand-offs: OpenAPI has nothing useful to say about them.
    private static readonly ImmutableHashSet<string> NavigationResults = ImmutableHashSet.Create(
        "Redirect", "LocalRedirect", "RedirectToRoute", "Challenge", "Forbid", "SignIn", "SignOut");

    /// <summary>Set when replacing <c>Results</c> by <c>TypedResults</c> at this site compiles as is.</summary>
    internal const string ReplaceableProperty = "Replaceable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var endpoints = EndpointSymbols.TryCreate(compilation);
            var resultInterface = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IResult");
            if (endpoints?.Results is null || endpoints.TypedResults is null || resultInterface is null)
            {
                return;
            }

            var typedResultNames = ImmutableHashSet.CreateRange(endpoints.TypedResults.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name));
            EndpointBody.Register(compilationContext, endpoints, (endpoint, report) =>
            {
                if (!endpoint.IsMinimalApi)
                {
                    return;
                }

                var untypedCalls = new List<IInvocationOperation>();
                var returnCount = 0;
                foreach (var returned in endpoint.ReturnedValues())
                {
                    returnCount++;
                    if (returned is IInvocationOperation call
                        && call.TargetMethod.ContainingType.IsType(endpoints.Results)
                        && typedResultNames.Contains(call.TargetMethod.Name)
                        && !NavigationResults.Contains(call.TargetMethod.Name))
                    {
                        untypedCalls.Add(call);
                    }
                }

                if (untypedCalls.Count == 0)
                {
                    return;
                }

                var properties = CanReplaceInPlace(endpoint, returnCount, resultInterface)
                    ? ImmutableDictionary<string, string?>.Empty.Add(ReplaceableProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                foreach (var call in untypedCalls)
                {
                    report(Diagnostic.Create(Rule, call.Syntax.GetLocation(), properties, call.TargetMethod.Name));
                }
            });
        });
    }

    /// <summary>
    /// Swapping the receiver keeps the code compiling when the handler declares an IResult return type, or
    /// when a lambda with an inferred return type has a single return value (two different typed results
    /// would leave the compiler without a common return type).
    /// </summary>
    private static bool CanReplaceInPlace(EndpointBody endpoint, int returnCount, INamedTypeSymbol resultInterface)
    {
        var method = endpoint.Method;
        if (method is null)
        {
            return false;
        }

        var declaresReturnType = method.MethodKind != MethodKind.AnonymousFunction
            || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParenthesizedLambdaExpressionSyntax { ReturnType: not null };
        if (declaresReturnType)
        {
            return method.ReturnType.UnwrapTask().IsType(resultInterface);
        }

        return returnCount == 1;
    }
}
