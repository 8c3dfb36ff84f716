using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using PortfolioKit.Analyzers.CodeFixes.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK5004: adds <c>logger.LogError(exception, "&lt;method&gt; failed");</c> at the start of a catch-all that swallows
/// the exception, when an <c>ILogger</c> is in scope (see <see cref="InScope"/>). A clause without a variable gets
/// one (<c>catch</c> and <c>catch (Exception)</c> become <c>catch (Exception exception)</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogSwallowedExceptionCodeFixProvider))]
[Shared]
public sealed class LogSwallowedExceptionCodeFixProvider : DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SwallowedException);

    protected override string Title => "Log the exception";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        await LoggerAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not null;

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new System.Collections.Generic.Dictionary<CatchClauseSyntax, CatchClauseSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (CatchAt(root, diagnostic) is not { } clause || await LoggerAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } logger)
            {
                continue;
            }

            replacements[clause] = WithLogging(clause, logger);
        }

        var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        return document.WithSyntaxRoot(Usings.Ensure(newRoot, "Microsoft.Extensions.Logging"));
    }

    private static CatchClauseSyntax WithLogging(CatchClauseSyntax clause, string logger)
    {
        var name = clause.Declaration?.Identifier.ValueText is { Length: > 0 } existing ? existing : "exception";
        var declaration = clause.Declaration is { } declared
            ? declared.WithIdentifier(Identifier(name)).WithType(declared.Type.WithTrailingTrivia(Space))
            : CatchDeclaration(ParseTypeName("System.Exception").WithTrailingTrivia(Space), Identifier(name));
        var method = clause.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault() switch
        {
            MethodDeclarationSyntax m => m.Identifier.ValueText,
            ConstructorDeclarationSyntax c => c.Identifier.ValueText,
            PropertyDeclarationSyntax p => p.Identifier.ValueText,
            _ => "The operation",
        };
        var log = ParseStatement($"{logger}.LogError({name}, \"{method} failed\");");
        var statements = clause.Block.Statements.Insert(0, log).Select(s => s.WithoutTrivia().WithLeadingTrivia(ElasticMarker).WithTrailingTrivia(ElasticCarriageReturnLineFeed));
        var block = Block(statements)
            .WithOpenBraceToken(Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(clause.Block.OpenBraceToken.LeadingTrivia).WithTrailingTrivia(ElasticCarriageReturnLineFeed))
            .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(ElasticMarker).WithTrailingTrivia(clause.Block.CloseBraceToken.TrailingTrivia))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var keyword = clause.CatchKeyword.WithTrailingTrivia(Space);
        var withDeclaration = clause.Declaration is null
            ? clause.WithCatchKeyword(keyword).WithDeclaration(declaration.WithTrailingTrivia(clause.CatchKeyword.TrailingTrivia))
            : clause.WithDeclaration(declaration);
        return withDeclaration.WithBlock(block);
    }

    private static CatchClauseSyntax? CatchAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<CatchClauseSyntax>().FirstOrDefault();

    private static async Task<string?> LoggerAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var logger = semanticModel?.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        if (root is null || semanticModel is null || logger is null || CatchAt(root, diagnostic) is not { } clause)
        {
            return null;
        }

        return InScope.Find(clause, semanticModel, type => InScope.IsOrImplements(type, logger), cancellationToken);
    }
}
