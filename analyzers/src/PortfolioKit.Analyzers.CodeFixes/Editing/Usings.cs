using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PortfolioKit.Analyzers.CodeFixes.Editing;

internal static class Usings
{
    /// <summary>
    /// Adds <c>using <paramref name="namespaceName"/>;</c> when the file has no such directive, among the existing
    /// usings: System namespaces first, then in ordinal order.
    /// </summary>
    public static SyntaxNode Ensure(SyntaxNode root, string namespaceName)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        foreach (var existing in unit.Usings)
        {
            if (existing.Name?.ToString() == namespaceName && existing.Alias is null && existing.StaticKeyword.IsKind(SyntaxKind.None))
            {
                return root;
            }
        }

        var directive = UsingDirective(ParseName(namespaceName)).WithTrailingTrivia(ElasticCarriageReturnLineFeed);
        var index = 0;
        while (index < unit.Usings.Count && SortsBefore(unit.Usings[index], namespaceName))
        {
            index++;
        }

        if (unit.Usings.Count > 0)
        {
            directive = directive.WithTrailingTrivia(unit.Usings[System.Math.Min(index, unit.Usings.Count - 1)].GetTrailingTrivia());
        }

        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    private static bool SortsBefore(UsingDirectiveSyntax existing, string namespaceName)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None))
        {
            return false;
        }

        var name = existing.Name?.ToString() ?? string.Empty;
        var existingIsSystem = name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal);
        var newIsSystem = namespaceName == "System" || namespaceName.StartsWith("System.", System.StringComparison.Ordinal);
        if (existingIsSystem != newIsSystem)
        {
            return existingIsSystem;
        }

        return string.CompareOrdinal(name, namespaceName) < 0;
    }
}
