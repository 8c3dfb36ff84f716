using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PortfolioKit.Analyzers.ApiDesign;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK3002: <c>Results.Ok(x)</c> becomes <c>TypedResults.Ok(x)</c>. Offered only where the analyzer found
/// that the swap compiles as is (a single return value, or a declared <c>IResult</c> return type); a
/// handler with several outcomes needs a <c>Results&lt;...&gt;</c> return type written by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTypedResultsCodeFixProvider))]
[Shared]
public sealed class UseTypedResultsCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UseTypedResults);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.ContainsKey(UseTypedResultsAnalyzer.ReplaceableProperty))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: var receiver },
            }
            || ResultsIdentifier(receiver) is not { } resultsName)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Use TypedResults",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(
                    root.ReplaceNode(resultsName, IdentifierName("TypedResults").WithTriviaFrom(resultsName)))),
                equivalenceKey: nameof(UseTypedResultsCodeFixProvider)),
            diagnostic);
    }

    /// <summary>The <c>Results</c> name in <c>Results.Ok</c> or <c>Microsoft.AspNetCore.Http.Results.Ok</c>.</summary>
    private static IdentifierNameSyntax? ResultsIdentifier(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax { Identifier.ValueText: "Results" } name => name,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "Results" } name } => name,
        QualifiedNameSyntax { Right: IdentifierNameSyntax { Identifier.ValueText: "Results" } name } => name,
        AliasQualifiedNameSyntax { Name: IdentifierNameSyntax { Identifier.ValueText: "Results" } name } => name,
        _ => null,
    };
}
