using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Observability;

/// <summary>
/// PK5003: a web application (<c>WebApplicationBuilder.Build()</c>) that maps no health-check endpoint.
/// Orchestrators, load balancers and uptime monitors need one to route traffic and restart instances.
/// Accepted as health endpoints: <c>MapHealthChecks</c>, <c>UseHealthChecks</c>, any other
/// <c>Map*/Use*</c> call with "Health" in its name, Aspire's <c>MapDefaultEndpoints</c>, and endpoints
/// mapped on a route containing "health", "alive" or "ready".
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoHealthChecksMappedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.NoHealthChecksMapped,
        messageFormat: "This web application maps no health checks; add builder.Services.AddHealthChecks() and app.MapHealthChecks(\"/health\")",
        description: "Container orchestrators, load balancers and uptime monitors probe a health endpoint to decide where to route traffic and when to restart an instance. Register checks (database, broker) with AddHealthChecks and map them with MapHealthChecks.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static readonly string[] HealthRouteWords = { "health", "alive", "ready", "live" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var webApplicationBuilder = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.WebApplicationBuilder");
            if (webApplicationBuilder is null || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            var builds = new ConcurrentBag<Location>();
            var healthMapped = 0;
            compilationContext.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    var method = invocation.TargetMethod;
                    if (method.Name == "Build" && method.ContainingType.IsType(webApplicationBuilder))
                    {
                        builds.Add(invocation.Syntax.GetLocation());
                    }
                    else if (Volatile.Read(ref healthMapped) == 0 && MapsHealthEndpoint(invocation))
                    {
                        Interlocked.Exchange(ref healthMapped, 1);
                    }
                },
                OperationKind.Invocation);

            compilationContext.RegisterCompilationEndAction(c =>
            {
                if (Volatile.Read(ref healthMapped) != 0)
                {
                    return;
                }

                foreach (var location in builds)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, location));
                }
            });
        });
    }

    private static bool MapsHealthEndpoint(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        if (name == "MapDefaultEndpoints"
            || ((name.StartsWith("Map", StringComparison.Ordinal) || name.StartsWith("Use", StringComparison.Ordinal))
                && name.IndexOf("Health", StringComparison.Ordinal) >= 0))
        {
            return true;
        }

        if (!name.StartsWith("Map", StringComparison.Ordinal))
        {
            return false;
        }

        // A hand-written probe: app.MapGet("/healthz", () => "ok").
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "pattern" && argument.Value.ConstantValue.Value is string route)
            {
                foreach (var word in HealthRouteWords)
                {
                    if (route.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
