using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using PortfolioKit.Analyzers.CodeFixes.Editing;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK2004: moves <c>db.SaveChanges();</c> (or <c>await db.SaveChangesAsync(ct);</c>) out of the loop to the statement
/// after it, so that the loop's changes are saved in one round trip and one transaction. Offered when the call is a
/// statement of the loop's own block whose result is not used, and the loop sits in a block; several calls in one
/// loop leave one call after it.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(SaveChangesAfterLoopCodeFixProvider))]
[Shared]
public sealed class SaveChangesAfterLoopCodeFixProvider : DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SaveChangesInsideLoop);

    protected override string Title => "Save once after the loop";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && Move(root, diagnostic) is not null;
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var moves = diagnostics.Select(d => Move(root, d)).Where(m => m is not null).Select(m => m!.Value).ToList();
        var byLoop = moves.GroupBy(m => m.Loop).ToList();
        var removed = moves.Select(m => m.Statement).ToList();
        var newRoot = root.TrackNodes(byLoop.Select(g => g.Key).Concat<SyntaxNode>(removed));
        newRoot = newRoot.RemoveNodes(removed.Select(s => newRoot.GetCurrentNode(s)!), SyntaxRemoveOptions.KeepNoTrivia)!;
        foreach (var group in byLoop)
        {
            var loop = newRoot.GetCurrentNode(group.Key)!;
            var first = group.OrderBy(m => m.Statement.SpanStart).First().Statement;
            var indentation = loop.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var save = first.WithoutTrivia()
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(first.GetTrailingTrivia());
            newRoot = newRoot.InsertNodesAfter(loop, new[] { save });
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>The statement to move and the loop it leaves, or null when the move is not a plain one.</summary>
    private static (StatementSyntax Statement, StatementSyntax Loop)? Move(SyntaxNode root, Diagnostic diagnostic)
    {
        var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        SyntaxNode expression = call;
        if (expression.Parent is AwaitExpressionSyntax awaited)
        {
            expression = awaited;
        }

        if (expression.Parent is not ExpressionStatementSyntax statement
            || statement.Parent is not BlockSyntax body
            || body.Parent is not (ForEachStatementSyntax or ForStatementSyntax) || body.Parent is not StatementSyntax loop
            || loop.Parent is not BlockSyntax)
        {
            return null;
        }

        return (statement, loop);
    }
}
