using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using PortfolioKit.Analyzers.CodeFixes.Editing;
using PortfolioKit.Analyzers.Scalability;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK1004: <c>task.Result</c> becomes <c>await task</c>, and <c>task.Wait()</c> or <c>task.GetAwaiter().GetResult()</c>
/// becomes <c>await task</c> (keeping a <c>ConfigureAwait</c>). Offered inside async functions, and in minimal API
/// handler lambdas, which the fix makes async; elsewhere the method's signature would have to change.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AwaitBlockingWaitCodeFixProvider))]
[Shared]
public sealed class AwaitBlockingWaitCodeFixProvider : DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SyncOverAsyncInHandler);

    protected override string Title => "Await the task";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return diagnostic.Properties.ContainsKey(SyncOverAsyncInHandlerAnalyzer.FixProperty)
            && root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax wait
            && Task(wait) is not null
            && (wait is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } } waitCall
                || (waitCall.ArgumentList.Arguments.Count == 0 && waitCall.Parent is ExpressionStatementSyntax));
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            var wait = (ExpressionSyntax)editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            editor.ReplaceNode(wait, (current, _) => Task((ExpressionSyntax)current) is { } task ? AsyncEdits.Await(task).WithTriviaFrom(current) : current);
            if (diagnostic.Properties.TryGetValue(SyncOverAsyncInHandlerAnalyzer.FixProperty, out var fix) && fix == "async")
            {
                AsyncEdits.MakeEnclosingLambdaAsync(editor, wait);
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The awaited expression: <c>t</c> of <c>t.Result</c> and <c>t.Wait()</c>, <c>t.ConfigureAwait(false)</c> of <c>t.ConfigureAwait(false).GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? Task(ExpressionSyntax wait) => wait switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } waitAccess } => waitAccess.Expression,
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "GetResult",
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
            },
        } => getAwaiter.Expression,
        _ => null,
    };
}
