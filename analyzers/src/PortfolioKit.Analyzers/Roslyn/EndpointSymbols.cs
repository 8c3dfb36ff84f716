using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// ASP.NET Core types that tell endpoint code apart from other code: minimal API <c>Map*</c> calls,
/// MVC controllers and the result factories. Resolved once per compilation.
/// </summary>
internal sealed class EndpointSymbols
{
    private EndpointSymbols(Compilation compilation)
    {
        EndpointRouteBuilderExtensions = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        ControllerBase = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
        // Looked up only when an attribute of its name is on a controller action: most compilations have none.
        NonActionAttribute = new LazyType(compilation, "Microsoft.AspNetCore.Mvc.NonActionAttribute");
        Results = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Results");
        TypedResults = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.TypedResults");
        Delegate = compilation.GetSpecialType(SpecialType.System_Delegate);
    }

    public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }

    public INamedTypeSymbol? ControllerBase { get; }

    public LazyType NonActionAttribute { get; }

    public INamedTypeSymbol? Results { get; }

    public INamedTypeSymbol? TypedResults { get; }

    public INamedTypeSymbol Delegate { get; }

    public bool HasMinimalApis => EndpointRouteBuilderExtensions is not null;

    public bool HasControllers => ControllerBase is not null;

    /// <summary>Null when the compilation references neither minimal APIs nor MVC. Resolved once per compilation for all rules.</summary>
    public static EndpointSymbols? TryCreate(Compilation compilation) => PerCompilation<EndpointSymbols>.Get(compilation, Create);

    private static EndpointSymbols? Create(Compilation compilation)
    {
        var symbols = new EndpointSymbols(compilation);
        return symbols.HasMinimalApis || symbols.HasControllers ? symbols : null;
    }

    /// <summary>
    /// Recognises <c>app.MapGet("/route", handler)</c> and its siblings (MapPost, MapPut, MapDelete,
    /// MapPatch, MapMethods, Map, MapFallback) on any <c>IEndpointRouteBuilder</c>, including route groups,
    /// and returns the delegate passed as the handler.
    /// </summary>
    public bool TryGetMinimalApiHandler(IInvocationOperation invocation, out IOperation handler)
    {
        handler = null!;
        var method = invocation.TargetMethod;
        if (!method.Name.StartsWith("Map", System.StringComparison.Ordinal)
            || !method.ContainingType.IsType(EndpointRouteBuilderExtensions))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.IsType(Delegate) == true)
            {
                handler = argument.Value.WalkDownConversions();
                return handler is IDelegateCreationOperation;
            }
        }

        return false;
    }

    /// <summary>A public instance method of a controller that MVC routes requests to.</summary>
    public bool IsControllerAction(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary
            || method.DeclaredAccessibility != Accessibility.Public
            || method.IsStatic
            || !method.ContainingType.InheritsFromOrEquals(ControllerBase))
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (NonActionAttribute.Is(attribute.AttributeClass))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A call on <c>Results</c>, <c>TypedResults</c> or a controller's result helpers (<c>Ok</c>, <c>Created</c>, ...).</summary>
    public bool IsResultFactory(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return type.IsType(Results) || type.IsType(TypedResults) || (ControllerBase is not null && type.IsType(ControllerBase));
    }
}
