using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// A type that a rule compares symbols with, looked up by metadata name only when a symbol with the same simple name
/// comes along. <see cref="Compilation.GetTypeByMetadataName"/> searches every referenced assembly and its type
/// forwarders; for a type that is not there (MediatR, MassTransit, JWT in most projects) that costs milliseconds per
/// compilation, and most compilations never meet a type of that name. Comparisons give the same answers as with the
/// symbol resolved up front: two types can only be equal when their names are.
/// </summary>
internal sealed class LazyType
{
    private static readonly char[] NameSeparators = { '.', '+' };

    private readonly Lazy<INamedTypeSymbol?> _symbol;

    public LazyType(Compilation compilation, string metadataName)
    {
        var start = metadataName.LastIndexOfAny(NameSeparators) + 1;
        var arity = metadataName.IndexOf('`', start);
        Name = arity < 0 ? metadataName.Substring(start) : metadataName.Substring(start, arity - start);
        _symbol = new Lazy<INamedTypeSymbol?>(() => compilation.GetTypeByMetadataName(metadataName), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The simple name, without namespace, containing types or arity.</summary>
    public string Name { get; }

    /// <summary>The type, looked up now if it has not been; null when the compilation does not have it.</summary>
    public INamedTypeSymbol? Symbol => _symbol.Value;

    /// <summary><see cref="SymbolExtensions.IsType"/> against this type.</summary>
    public bool Is(ITypeSymbol? type) => type is not null && type.Name == Name && type.IsType(Symbol);

    /// <summary><see cref="SymbolExtensions.InheritsFromOrEquals"/> this type.</summary>
    public bool IsBaseOf(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="SymbolExtensions.Implements"/> this interface.</summary>
    public bool IsImplementedBy(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (Is(type))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented))
            {
                return true;
            }
        }

        return false;
    }
}
