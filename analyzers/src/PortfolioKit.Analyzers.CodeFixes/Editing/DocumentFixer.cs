using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace PortfolioKit.Analyzers.CodeFixes.Editing;

/// <summary>
/// A code fix that rewrites one document for any number of its diagnostics at once. A single fix and Fix All (in the
/// document, the project or the solution) go through the same <see cref="FixAsync"/>, so fixes that touch the same
/// node (two waits in one lambda that both make it async, two SaveChanges in one loop) are applied once, together.
/// </summary>
public abstract class DocumentFixer : CodeFixProvider
{
    protected abstract string Title { get; }

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var fixable = await FixableAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);
            return fixable.IsEmpty ? document : await FixAsync(document, fixable, context.CancellationToken).ConfigureAwait(false);
        });

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var fixable = await FixableAsync(context.Document, context.Diagnostics, context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in fixable)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>The diagnostics this fixer can fix in <paramref name="document"/>.</summary>
    protected virtual async Task<ImmutableArray<Diagnostic>> FixableAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in diagnostics.Where(d => FixableDiagnosticIds.Contains(d.Id)))
        {
            if (await CanFixAsync(document, diagnostic, cancellationToken).ConfigureAwait(false))
            {
                builder.Add(diagnostic);
            }
        }

        return builder.ToImmutable();
    }

    protected abstract Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);

    protected abstract Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
