using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
    private readonly LazyType[] _baseTypes;
    private readonly LazyType[] _interfaces;
    private readonly LazyType _httpContext;
    /// <summary>
    /// Keyed by the symbol object rather than by <see cref="SymbolEqualityComparer"/>: the classification is asked for
    /// every member body of every compilation with handlers, and the comparer's hash walks the type's containers (a
    /// visible cost in a profile of BenchShop). The compiler hands out one object per type definition; were it to hand
    /// out two for one type, each would be classified once, with the same answer.
    /// </summary>
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _cache = new(IdentityComparer.Instance);

    /// <remarks>
    /// The types are looked up by name only when a base type or interface of that name turns up (see
    /// <see cref="LazyType"/>): most compilations have none of MassTransit, MediatR, SignalR or Razor Pages, and looking
    /// each of them up in every compilation cost more than the rules' own work.
    /// </remarks>
    private HandlerTypes(Compilation compilation)
    {
        _baseTypes = new[]
        {
            new LazyType(compilation, "Microsoft.AspNetCore.Mvc.ControllerBase"),
            new LazyType(compilation, "Microsoft.AspNetCore.SignalR.Hub"),
            new LazyType(compilation, "Microsoft.AspNetCore.Mvc.RazorPages.PageModel"),
        };
        _interfaces = new[]
        {
            new LazyType(compilation, "Microsoft.Extensions.Hosting.IHostedService"),
            new LazyType(compilation, "Microsoft.AspNetCore.Http.IMiddleware"),
            new LazyType(compilation, "Microsoft.AspNetCore.Http.IEndpointFilter"),
            new LazyType(compilation, "MassTransit.IConsumer`1"),
            new LazyType(compilation, "MediatR.IRequestHandler`1"),
            new LazyType(compilation, "MediatR.IRequestHandler`2"),
            new LazyType(compilation, "MediatR.INotificationHandler`1"),
        };
        _httpContext = new LazyType(compilation, "Microsoft.AspNetCore.Http.HttpContext");
    }

    /// <summary>
    /// Null when the compilation sees neither ASP.NET Core nor the generic host nor a message library. Resolved once per
    /// compilation for all rules, which then share the classification of each type too.
    /// </summary>
    public static HandlerTypes? TryCreate(Compilation compilation) => PerCompilation<HandlerTypes>.Get(compilation, Create);

    private static HandlerTypes? Create(Compilation compilation)
    {
        var types = new HandlerTypes(compilation);

        // The generic host's IHostedService first: a web or worker project has it, and then none of the others is
        // looked up until a type of its name is classified.
        return Array.Exists(types._interfaces, t => t.Symbol is not null) || Array.Exists(types._baseTypes, t => t.Symbol is not null) ? types : null;
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
            if (baseType.IsBaseOf(type))
            {
                return true;
            }
        }

        foreach (var handlerInterface in _interfaces)
        {
            if (handlerInterface.IsImplementedBy(type))
            {
                return true;
            }
        }

        return IsConventionalMiddleware(type);
    }

    /// <summary>ASP.NET Core's convention-based middleware: a public <c>Invoke</c> or <c>InvokeAsync</c> taking an HttpContext first.</summary>
    private bool IsConventionalMiddleware(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { Name: "Invoke" or "InvokeAsync", DeclaredAccessibility: Accessibility.Public, Parameters.Length: > 0 } method
                && _httpContext.Is(method.Parameters[0].Type))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class IdentityComparer : IEqualityComparer<INamedTypeSymbol>
    {
        public static readonly IdentityComparer Instance = new();

        public bool Equals(INamedTypeSymbol? x, INamedTypeSymbol? y) => ReferenceEquals(x, y);

        public int GetHashCode(INamedTypeSymbol type) => RuntimeHelpers.GetHashCode(type);
    }
}
