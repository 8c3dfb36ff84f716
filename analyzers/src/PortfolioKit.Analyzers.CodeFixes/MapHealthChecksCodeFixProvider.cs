using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using System.Linq;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK5003: around <c>var app = builder.Build();</c>, adds <c>builder.Services.AddHealthChecks();</c> before it and
/// <c>app.MapHealthChecks("/health");</c> after it. Offered when the application is built into a variable in a
/// statement of its own; checks for the database or broker are the author's to add.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MapHealthChecksCodeFixProvider))]
[Shared]
public sealed class MapHealthChecksCodeFixProvider : Editing.DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.NoHealthChecksMapped);

    protected override string Title => "Map a health-check endpoint";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && diagnostic.Location.IsInSource && Plan(root, diagnostic) is not null;
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            if (Plan(editor.OriginalRoot, diagnostic) is not { } plan)
            {
                continue;
            }

            var indentation = plan.Anchor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var newLine = plan.Anchor.GetTrailingTrivia();
            var register = SyntaxFactory.ParseStatement($"{plan.Builder}.Services.AddHealthChecks();").WithLeadingTrivia(indentation).WithTrailingTrivia(newLine);
            var map = SyntaxFactory.ParseStatement($"{plan.App}.MapHealthChecks(\"/health\");").WithLeadingTrivia(indentation).WithTrailingTrivia(newLine);
            editor.InsertBefore(plan.Anchor, Wrap(plan.Anchor, register));
            editor.InsertAfter(plan.Anchor, Wrap(plan.Anchor, map));
        }

        return editor.GetChangedDocument();
    }

    /// <summary>Top-level statements live in GlobalStatement nodes.</summary>
    private static SyntaxNode Wrap(SyntaxNode anchor, StatementSyntax statement) =>
        anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;

    private static (SyntaxNode Anchor, string Builder, string App)? Plan(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: var builder },
                Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator },
            }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement })
        {
            return null;
        }

        SyntaxNode anchor = statement.Parent is GlobalStatementSyntax global ? global : statement;
        if (anchor.Parent is not (BlockSyntax or CompilationUnitSyntax))
        {
            return null;
        }

        return (anchor, builder.ToString(), declarator.Identifier.ValueText);
    }
}
