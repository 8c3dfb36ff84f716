using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

internal static class SymbolExtensions
{
    /// <summary>
    /// Walks the base types with a name check before each comparison: <see cref="SymbolEqualityComparer"/> compares
    /// through the compiler's internal symbols and was the largest single cost of the endpoint rules in a profile of
    /// BenchShop (<c>IsControllerAction</c> asks this for every method of every API project, per rule). Equal types have
    /// equal names, so the answers are the same.
    /// </summary>
    public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        var name = baseType.Name;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Implements(this ITypeSymbol? type, INamedTypeSymbol? interfaceType)
    {
        if (type is null || interfaceType is null)
        {
            return false;
        }

        var name = interfaceType.Name;
        if (type.Name == name && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, interfaceType))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name == name && SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Type equality, the names compared first (see <see cref="InheritsFromOrEquals"/>).</summary>
    public static bool IsType(this ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null
        && type.Name == expected.Name
        && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>Unwraps <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c>; anything else is returned as is.</summary>
    public static ITypeSymbol UnwrapTask(this ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.Name is "Task" or "ValueTask"
            && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            return named.TypeArguments[0];
        }

        return type;
    }

    public static bool IsDeclaredInSource(this ISymbol symbol) => symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource;
}
