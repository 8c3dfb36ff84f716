using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PortfolioKit.Analyzers.CodeFixes.Editing;

/// <summary>Edits shared by the fixes that await a task: the await itself, and making a handler lambda async.</summary>
internal static class AsyncEdits
{
    /// <summary><c>(await task)</c>, with parentheses the simplifier removes where they are not needed.</summary>
    public static ExpressionSyntax Await(ExpressionSyntax task) =>
        ParenthesizedExpression(AwaitExpression(task.WithoutTrivia())).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>Adds <c>async</c> to the lambda that encloses <paramref name="node"/>, once however many fixes ask for it.</summary>
    public static void MakeEnclosingLambdaAsync(SyntaxEditor editor, SyntaxNode node)
    {
        var lambda = node.Ancestors().OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault();
        if (lambda is null || lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            return;
        }

        editor.ReplaceNode(lambda, (current, _) =>
        {
            var function = (AnonymousFunctionExpressionSyntax)current;
            if (function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                return function;
            }

            var first = function.GetFirstToken();
            var asyncKeyword = Token(SyntaxKind.AsyncKeyword).WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(Space);
            function = function.ReplaceToken(first, first.WithLeadingTrivia());
            return function.WithModifiers(function.Modifiers.Insert(0, asyncKeyword));
        });
    }
}
