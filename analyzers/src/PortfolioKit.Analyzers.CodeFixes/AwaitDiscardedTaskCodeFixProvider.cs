using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using PortfolioKit.Analyzers.CodeFixes.Editing;
using PortfolioKit.Analyzers.Scalability;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK1005: <c>_ = SendAsync();</c> becomes <c>await SendAsync();</c> inside an async function or a minimal API handler
/// lambda (made async). Moving the work to a queue or the outbox is the better fix and is left to the author.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitDiscardedTaskCodeFixProvider))]
[Shared]
public sealed class AwaitDiscardedTaskCodeFixProvider : DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.FireAndForgetInHandler);

    protected override string Title => "Await the task";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return diagnostic.Properties.ContainsKey(FireAndForgetInHandlerAnalyzer.FixProperty)
            && root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax started
            && Discard(started) is not null;
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            var started = (ExpressionSyntax)editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (Discard(started) is not { } discard)
            {
                continue;
            }

            editor.ReplaceNode(discard, SyntaxFactory.AwaitExpression(started.WithoutTrivia()).WithTriviaFrom(discard));
            if (diagnostic.Properties.TryGetValue(FireAndForgetInHandlerAnalyzer.FixProperty, out var fix) && fix == "async")
            {
                AsyncEdits.MakeEnclosingLambdaAsync(editor, discard);
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The <c>_ = task</c> assignment statement's expression around <paramref name="started"/>.</summary>
    private static AssignmentExpressionSyntax? Discard(ExpressionSyntax started)
    {
        SyntaxNode node = started;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax } assignment
            && assignment.Right == node
            ? assignment
            : null;
    }
}
