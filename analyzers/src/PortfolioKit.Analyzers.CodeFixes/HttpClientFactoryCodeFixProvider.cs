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

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK1001: <c>new HttpClient()</c> becomes <c>factory.CreateClient()</c> when an <c>IHttpClientFactory</c> is in scope
/// (see <see cref="InScope"/>). A client built over a handler created on the spot keeps its handler settings, which a
/// named client would have to repeat, so only the parameterless creation is rewritten.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpClientFactoryCodeFixProvider))]
[Shared]
public sealed class HttpClientFactoryCodeFixProvider : DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.HttpClientCreatedPerUse);

    protected override string Title => "Create the client with IHttpClientFactory";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        await FactoryAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not null;

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            if (await FactoryAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } factory)
            {
                var creation = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                editor.ReplaceNode(creation, SyntaxFactory.ParseExpression($"{factory}.CreateClient()").WithTriviaFrom(creation));
            }
        }

        return editor.GetChangedDocument();
    }

    private static async Task<string?> FactoryAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var factory = semanticModel?.Compilation.GetTypeByMetadataName("System.Net.Http.IHttpClientFactory");
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation
            || creation.ArgumentList is { Arguments.Count: > 0 }
            || creation.Initializer is not null
            || semanticModel is null || factory is null)
        {
            return null;
        }

        return InScope.Find(creation, semanticModel, type => InScope.IsOrImplements(type, factory), cancellationToken);
    }
}
