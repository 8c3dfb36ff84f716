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

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK5002: <c>DateTime.UtcNow</c> becomes <c>timeProvider.GetUtcNow().UtcDateTime</c> (and
/// <c>DateTimeOffset.UtcNow</c> becomes <c>timeProvider.GetUtcNow()</c>) when a <c>TimeProvider</c> is
/// already reachable: a parameter of an enclosing function, or, from instance code, a field, property
/// or primary-constructor parameter of the containing type. Nothing is injected on the user's behalf:
/// adding a constructor parameter changes every caller and the DI registration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SystemClockCodeFixProvider))]
[Shared]
public sealed class SystemClockCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SystemClockInsteadOfTimeProvider);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax clockRead
            || semanticModel?.GetSymbolInfo(clockRead, context.CancellationToken).Symbol is not IPropertySymbol property)
        {
            return;
        }

        var timeProvider = semanticModel.Compilation.GetTypeByMetadataName("System.TimeProvider");
        var providerName = timeProvider is null ? null : TimeProviderInScope(clockRead, semanticModel, timeProvider, context.CancellationToken);
        if (providerName is null)
        {
            return;
        }

        var call = property.Name == "UtcNow" ? "GetUtcNow()" : "GetLocalNow()";
        var conversion = property.ContainingType.SpecialType == SpecialType.System_DateTime
            ? property.Name == "UtcNow" ? ".UtcDateTime" : ".DateTime"
            : string.Empty;
        var replacement = SyntaxFactory.ParseExpression($"{providerName}.{call}{conversion}").WithTriviaFrom(clockRead);

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use '{providerName}.{call}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(clockRead, replacement))),
                equivalenceKey: nameof(SystemClockCodeFixProvider)),
            diagnostic);
    }

    private static string? TimeProviderInScope(SyntaxNode node, SemanticModel semanticModel, INamedTypeSymbol timeProvider, CancellationToken cancellationToken)
    {
        // Parameters of the enclosing lambdas, local functions and method, innermost first.
        foreach (var ancestor in node.Ancestors())
        {
            var function = ancestor switch
            {
                AnonymousFunctionExpressionSyntax lambda => semanticModel.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
                LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax => semanticModel.GetDeclaredSymbol(ancestor, cancellationToken) as IMethodSymbol,
                _ => null,
            };
            var parameter = function?.Parameters.FirstOrDefault(p => IsTimeProvider(p.Type, timeProvider));
            if (parameter is not null)
            {
                return parameter.Name;
            }
        }

        // Instance state of the containing type: fields, properties, primary-constructor parameters.
        var enclosingSymbol = semanticModel.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        while (enclosingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            enclosingSymbol = enclosingSymbol.ContainingSymbol;
        }

        if (enclosingSymbol is null || enclosingSymbol.IsStatic || enclosingSymbol.ContainingType is not { } type)
        {
            return null;
        }

        var member = type.GetMembers().FirstOrDefault(m =>
            (m is IFieldSymbol { IsImplicitlyDeclared: false } field && IsTimeProvider(field.Type, timeProvider))
            || (m is IPropertySymbol p && IsTimeProvider(p.Type, timeProvider)));
        if (member is not null)
        {
            return member.Name;
        }

        var declaration = node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        var primaryParameter = declaration?.ParameterList?.Parameters.FirstOrDefault(p =>
            semanticModel.GetDeclaredSymbol(p, cancellationToken) is { } symbol && IsTimeProvider(symbol.Type, timeProvider));
        return primaryParameter?.Identifier.ValueText;
    }

    private static bool IsTimeProvider(ITypeSymbol type, INamedTypeSymbol timeProvider)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, timeProvider))
            {
                return true;
            }
        }

        return false;
    }
}
