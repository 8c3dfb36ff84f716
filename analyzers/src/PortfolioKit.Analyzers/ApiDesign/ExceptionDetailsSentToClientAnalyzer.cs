using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.ApiDesign;

/// <summary>
/// PK3003: <c>ex.Message</c>, <c>ex.StackTrace</c>, <c>ex.ToString()</c> or the exception object itself
/// written into an HTTP response. Framework exception messages reveal table names, file paths, SQL and
/// library versions. Messages of the application's own exception types (declared in source) and of
/// validation exceptions are meant for clients and are not reported; neither is code guarded by
/// <c>IsDevelopment()</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionDetailsSentToClientAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ExceptionDetailsSentToClient,
        messageFormat: "'{0}' sends exception details to the client; log the exception and return a ProblemDetails without them",
        description: "Exception messages and stack traces expose implementation details (SQL, paths, versions) to callers. Log the exception with ILogger and return a generic ProblemDetails (AddProblemDetails + UseExceptionHandler); show details only in Development.");

    private static readonly ImmutableHashSet<string> ClientSafeExceptionTypes = ImmutableHashSet.Create(
        "FluentValidation.ValidationException",
        "System.ComponentModel.DataAnnotations.ValidationException",
        "Microsoft.AspNetCore.Http.BadHttpRequestException");

    private static readonly ImmutableHashSet<string> DetailProperties = ImmutableHashSet.Create(
        "Message", "StackTrace", "InnerException", "Source", "TargetSite", "Data");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var endpoints = EndpointSymbols.TryCreate(compilation);
            var exception = compilation.GetTypeByMetadataName("System.Exception");
            if (endpoints is null || exception is null)
            {
                return;
            }

            var sinks = new ResponseSinks(compilation, endpoints);
            compilationContext.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (sinks.IsSink(invocation.TargetMethod))
                    {
                        foreach (var argument in invocation.Arguments)
                        {
                            ReportLeaks(argument.Value, exception, c.ReportDiagnostic);
                        }
                    }
                },
                OperationKind.Invocation);
            compilationContext.RegisterOperationAction(
                c =>
                {
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (sinks.IsResponseObject(creation.Type))
                    {
                        foreach (var argument in creation.Arguments)
                        {
                            ReportLeaks(argument.Value, exception, c.ReportDiagnostic);
                        }

                        if (creation.Initializer is { } initializer)
                        {
                            ReportLeaks(initializer, exception, c.ReportDiagnostic);
                        }
                    }
                },
                OperationKind.ObjectCreation);

            // A handler that returns the text itself: app.MapGet("/", () => { try {...} catch (Exception ex) { return ex.Message; } }).
            EndpointBody.Register(compilationContext, endpoints, (endpoint, report) =>
            {
                foreach (var returned in endpoint.ReturnedValues())
                {
                    if (returned.Type?.SpecialType == SpecialType.System_String || returned.Type.InheritsFromOrEquals(exception))
                    {
                        ReportLeaks(returned, exception, report);
                    }
                }
            });
        });
    }

    private static void ReportLeaks(IOperation value, INamedTypeSymbol exception, System.Action<Diagnostic> report)
    {
        // The exception object itself serialised as the body (Results.Ok(ex)) includes its stack trace.
        if (IsLeak(value, exception) || value.WalkDownConversions().Type.InheritsFromOrEquals(exception))
        {
            Report(value, report);
            return;
        }

        var reported = new System.Collections.Generic.List<IOperation>();
        foreach (var descendant in value.DescendantsInSameFunction())
        {
            if (IsLeak(descendant, exception) && !IsInside(descendant, reported))
            {
                reported.Add(descendant);
                Report(descendant, report);
            }
        }
    }

    /// <summary>Reports <c>ex.InnerException.Message</c> once, not once per member access.</summary>
    private static bool IsInside(IOperation operation, System.Collections.Generic.List<IOperation> reported)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (reported.Contains(current))
            {
                return true;
            }
        }

        foreach (var earlier in reported)
        {
            for (var current = earlier.Parent; current is not null; current = current.Parent)
            {
                if (current == operation)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(IOperation leak, System.Action<Diagnostic> report)
    {
        if (!IsGuardedByDevelopmentCheck(leak))
        {
            report(Diagnostic.Create(Rule, leak.Syntax.GetLocation(), leak.Syntax.ToString()));
        }
    }

    private static bool IsLeak(IOperation operation, INamedTypeSymbol exception)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Instance: { } instance } property
                when DetailProperties.Contains(property.Property.Name) && instance.Type.InheritsFromOrEquals(exception):
                return property.Property.Name != "Message" || !IsClientFacing(instance.Type!);

            // ex.InnerException?.Message is reported once, as a whole.
            case IConditionalAccessOperation access:
                return IsLeak(access.Operation, exception) || IsLeak(access.WhenNotNull, exception);

            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance }
                when instance.Type.InheritsFromOrEquals(exception):
                return true;

            // The exception object itself, serialised as a body or formatted into a string.
            case IInterpolationOperation hole when hole.Expression.WalkDownConversions().Type.InheritsFromOrEquals(exception):
                return true;

            default:
                return false;
        }
    }

    /// <summary>The application's own exception types, and validation exceptions, carry messages written for callers.</summary>
    private static bool IsClientFacing(ITypeSymbol exceptionType)
    {
        for (var type = exceptionType; type is not null; type = type.BaseType)
        {
            if (type.IsDeclaredInSource() || ClientSafeExceptionTypes.Contains(type.ToDisplayString()))
            {
                return true;
            }

            if (type.Name == "Exception" && type.ContainingNamespace?.ToDisplayString() == "System")
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsGuardedByDevelopmentCheck(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: { } condition } && MentionsDevelopment(condition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MentionsDevelopment(IOperation condition)
    {
        if (condition is IInvocationOperation { TargetMethod.Name: "IsDevelopment" })
        {
            return true;
        }

        foreach (var descendant in condition.DescendantsInSameFunction())
        {
            if (descendant is IInvocationOperation { TargetMethod.Name: "IsDevelopment" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>APIs whose arguments end up in the response body.</summary>
    private sealed class ResponseSinks
    {
        private readonly EndpointSymbols _endpoints;
        private readonly INamedTypeSymbol? _responseWriting;
        private readonly INamedTypeSymbol? _responseJson;
        private readonly INamedTypeSymbol? _problemDetails;
        private readonly INamedTypeSymbol? _actionResult;

        public ResponseSinks(Compilation compilation, EndpointSymbols endpoints)
        {
            _endpoints = endpoints;
            _responseWriting = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponseWritingExtensions");
            _responseJson = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponseJsonExtensions");
            _problemDetails = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ProblemDetails");
            _actionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ActionResult");
        }

        public bool IsSink(IMethodSymbol method) =>
            _endpoints.IsResultFactory(method)
            || method.ContainingType.IsType(_responseWriting)
            || method.ContainingType.IsType(_responseJson);

        public bool IsResponseObject(ITypeSymbol? type) =>
            type.InheritsFromOrEquals(_problemDetails) || type.InheritsFromOrEquals(_actionResult);
    }
}
