using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PortfolioKit.Analyzers.CodeFixes.Editing;

/// <summary>
/// Finds a value of a wanted type that code at a position can already use: a parameter of an enclosing lambda, local
/// function or method (innermost first), or, from instance code, a field, property or primary-constructor parameter
/// of the containing type. The fixes use what is there and never inject anything: a new constructor parameter would
/// change every caller and the DI registration.
/// </summary>
internal static class InScope
{
    public static string? Find(SyntaxNode node, SemanticModel semanticModel, Func<ITypeSymbol, bool> isWanted, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            var function = ancestor switch
            {
                AnonymousFunctionExpressionSyntax lambda => semanticModel.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
                LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax => semanticModel.GetDeclaredSymbol(ancestor, cancellationToken) as IMethodSymbol,
                _ => null,
            };
            var parameter = function?.Parameters.FirstOrDefault(p => isWanted(p.Type));
            if (parameter is not null)
            {
                return parameter.Name;
            }
        }

        var enclosingSymbol = semanticModel.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        while (enclosingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            enclosingSymbol = enclosingSymbol.ContainingSymbol;
        }

        if (enclosingSymbol is null || enclosingSymbol.IsStatic || enclosingSymbol.ContainingType is not { } type)
        {
            return null;
        }

        var member = type.GetMembers().FirstOrDefault(m =>
            (m is IFieldSymbol { IsImplicitlyDeclared: false } field && isWanted(field.Type))
            || (m is IPropertySymbol property && isWanted(property.Type)));
        if (member is not null)
        {
            return member.Name;
        }

        var declaration = node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        var primaryParameter = declaration?.ParameterList?.Parameters.FirstOrDefault(p =>
            semanticModel.GetDeclaredSymbol(p, cancellationToken) is IParameterSymbol symbol && isWanted(symbol.Type));
        return primaryParameter?.Identifier.ValueText;
    }

    /// <summary><paramref name="type"/> is, derives from or implements <paramref name="wanted"/> (generic definitions compared).</summary>
    public static bool IsOrImplements(ITypeSymbol type, INamedTypeSymbol? wanted)
    {
        if (wanted is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, wanted))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, wanted))
            || (type.TypeKind == TypeKind.Interface && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, wanted));
    }
}
