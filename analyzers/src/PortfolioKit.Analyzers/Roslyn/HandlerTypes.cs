using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// Types whose code runs per request or per message, resolved once per compilation: controllers, SignalR hubs, Razor
/// pages, middleware (<c>IMiddleware</c> or a class with <c>Invoke</c>/<c>InvokeAsync(HttpContext, ...)</c>), endpoint
/// filters, hosted services (the loops that take messages off a queue), MassTransit consumers and MediatR handlers.
/// Minimal API handlers are lambdas or method groups, found through <see cref="EndpointBody"/> instead.
/// </summary>
internal sealed class HandlerTypes
{
    private readonly INamedTypeSymbol?[] _baseTypes;
    private readonly INamedTypeSymbol?[] _interfaces;
    private readonly INamedTypeSymbol? _httpContext;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _cache = new(SymbolEqualityComparer.Default);

    private HandlerTypes(Compilation compilation)
    {
        ControllerBase = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
        _baseTypes = new[]
        {
            ControllerBase,
            compilation.GetTypeByMetadataName("Microsoft.AspNetCore.SignalR.Hub"),
            compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RazorPages.PageModel"),
        };
        _interfaces = new[]
        {
            compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService"),
            compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IMiddleware"),
            compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IEndpointFilter"),
            compilation.GetTypeByMetadataName("MassTransit.IConsumer`1"),
            compilation.GetTypeByMetadataName("MediatR.IRequestHandler`1"),
            compilation.GetTypeByMetadataName("MediatR.IRequestHandler`2"),
            compilation.GetTypeByMetadataName("MediatR.INotificationHandler`1"),
        };
        _httpContext = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
    }

    public INamedTypeSymbol? ControllerBase { get; }

    /// <summary>
    /// Null when the compilation sees neither ASP.NET Core nor the generic host nor a message library. Resolved once per
    /// compilation for all rules, which then share the classification of each type too.
    /// </summary>
    public static HandlerTypes? TryCreate(Compilation compilation) => PerCompilation<HandlerTypes>.Get(compilation, Create);

    private static HandlerTypes? Create(Compilation compilation)
    {
        var types = new HandlerTypes(compilation);
        return Array.Exists(types._baseTypes, t => t is not null) || Array.Exists(types._interfaces, t => t is not null) ? types : null;
    }

    /// <summary>True when <paramref name="type"/> (or a type it is nested in) handles requests or messages.</summary>
    public bool IsHandler(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (_cache.GetOrAdd(current, Classify))
            {
                return true;
            }
        }

        return false;
    }

    private bool Classify(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return false;
        }

        foreach (var baseType in _baseTypes)
        {
            if (baseType is not null && type.InheritsFromOrEquals(baseType))
            {
                return true;
            }
        }

        foreach (var handlerInterface in _interfaces)
        {
            if (handlerInterface is not null && type.Implements(handlerInterface))
            {
                return true;
            }
        }

        return IsConventionalMiddleware(type);
    }

    /// <summary>ASP.NET Core's convention-based middleware: a public <c>Invoke</c> or <c>InvokeAsync</c> taking an HttpContext first.</summary>
    private bool IsConventionalMiddleware(INamedTypeSymbol type)
    {
        if (_httpContext is null)
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { Name: "Invoke" or "InvokeAsync", DeclaredAccessibility: Accessibility.Public, Parameters.Length: > 0 } method
                && method.Parameters[0].Type.IsType(_httpContext))
            {
                return true;
            }
        }

        return false;
    }
}
