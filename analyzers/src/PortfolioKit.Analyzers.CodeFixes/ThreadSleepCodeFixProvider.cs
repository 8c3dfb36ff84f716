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

        var taskSymbol = semanticModel.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        var taskInScope = semanticModel.LookupNamespacesAndTypes(invocation.SpanStart, name: "Task")
            .Any(s => SymbolEqualityComparer.Default.Equals(s, taskSymbol));
        var delay = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("Task"), IdentifierName("Delay")),
            ArgumentList(SeparatedList(arguments)));
        var newRoot = root.ReplaceNode(invocation, AwaitExpression(delay).WithTriviaFrom(invocation));
        if (!taskInScope && newRoot is CompilationUnitSyntax compilationUnit)
        {
            newRoot = WithTasksUsing(compilationUnit);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>Adds <c>using System.Threading.Tasks;</c> among the existing usings, System namespaces first, then alphabetical.</summary>
    private static CompilationUnitSyntax WithTasksUsing(CompilationUnitSyntax compilationUnit)
    {
        const string tasksNamespace = "System.Threading.Tasks";
        var usings = compilationUnit.Usings;
        var directive = UsingDirective(ParseName(tasksNamespace)).WithTrailingTrivia(ElasticCarriageReturnLineFeed);
        var index = 0;
        while (index < usings.Count && SortsBefore(usings[index], tasksNamespace))
        {
            index++;
        }

        if (usings.Count > 0)
        {
            directive = directive.WithTrailingTrivia(usings[System.Math.Min(index, usings.Count - 1)].GetTrailingTrivia());
        }

        return compilationUnit.WithUsings(usings.Insert(index, directive));
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

    private static bool SortsBefore(UsingDirectiveSyntax existing, string systemNamespace)
    {
        var name = existing.Name?.ToString() ?? string.Empty;
        var isSystem = name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal);
        return existing.StaticKeyword.IsKind(SyntaxKind.None) && existing.Alias is null
            && isSystem && string.CompareOrdinal(name, systemNamespace) < 0;
    }

    private static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax;
}
