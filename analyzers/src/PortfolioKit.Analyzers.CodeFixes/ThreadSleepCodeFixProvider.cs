using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using PortfolioKit.Analyzers.Scalability;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK1002: <c>Thread.Sleep(x)</c> becomes <c>await Task.Delay(x, token)</c>, passing the innermost
/// <c>CancellationToken</c> parameter in scope (for hosted services, <c>stoppingToken</c>). Offered only
/// inside async functions, and not inside <c>lock</c>, where <c>await</c> is not allowed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadSleepCodeFixProvider))]
[Shared]
public sealed class ThreadSleepCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ThreadSleepInAsyncCode);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.ContainsKey(ThreadSleepInAsyncCodeAnalyzer.AsyncFunctionProperty))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || invocation.Parent is not ExpressionStatementSyntax and not ArrowExpressionClauseSyntax and not LambdaExpressionSyntax
            || invocation.Ancestors().TakeWhile(n => !IsFunction(n)).Any(n => n is LockStatementSyntax))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Use 'await Task.Delay'",
                cancellationToken => ReplaceAsync(context.Document, invocation, cancellationToken),
                equivalenceKey: nameof(ThreadSleepCodeFixProvider)),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null || root is null)
        {
            return document;
        }

        var arguments = invocation.ArgumentList.Arguments.Select(a => a.WithNameColon(null));
        var token = CancellationTokenInScope(invocation, semanticModel, cancellationToken);
        if (token is not null)
        {
            arguments = arguments.Append(Argument(IdentifierName(token)));
        }

        var taskType = ParseTypeName("global::System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var delay = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, taskType, IdentifierName("Delay")),
            ArgumentList(SeparatedList(arguments)));
        var awaitDelay = AwaitExpression(delay).WithTriviaFrom(invocation);
        return document.WithSyntaxRoot(root.ReplaceNode(invocation, awaitDelay));
    }

    /// <summary>The innermost <c>CancellationToken</c> parameter of the enclosing lambdas, local functions and method.</summary>
    private static string? CancellationTokenInScope(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (!IsFunction(ancestor) && ancestor is not TypeDeclarationSyntax)
            {
                continue;
            }

            if (semanticModel.GetDeclaredSymbol(ancestor, cancellationToken) is not IMethodSymbol method)
            {
                if (ancestor is AnonymousFunctionExpressionSyntax lambda
                    && semanticModel.GetSymbolInfo(lambda, cancellationToken).Symbol is IMethodSymbol lambdaSymbol)
                {
                    method = lambdaSymbol;
                }
                else
                {
                    continue;
                }
            }

            var parameter = method.Parameters.FirstOrDefault(p => p.Type.Name == "CancellationToken" && p.Type.ContainingNamespace?.ToDisplayString() == "System.Threading");
            if (parameter is not null)
            {
                return parameter.Name;
            }
        }

        return null;
    }

    private static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax;
}
