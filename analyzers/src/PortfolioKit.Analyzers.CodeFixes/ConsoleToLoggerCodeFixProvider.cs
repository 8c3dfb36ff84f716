using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PortfolioKit.Analyzers.CodeFixes.Editing;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK5001: <c>Console.WriteLine(x)</c> becomes <c>logger.LogInformation(...)</c> (<c>Console.Error</c>:
/// <c>LogError</c>) when an <c>ILogger</c> is in scope. An interpolated string becomes a message template with named
/// placeholders and the holes as arguments (<c>$"Order {order.Id} paid"</c> becomes
/// <c>"Order {OrderId} paid", order.Id</c>), so the log stays structured; a literal keeps its text (braces escaped);
/// any other value is logged as <c>{Message}</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConsoleToLoggerCodeFixProvider))]
[Shared]
public sealed class ConsoleToLoggerCodeFixProvider : DocumentFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ConsoleOutputInServiceCode);

    protected override string Title => "Log with ILogger";

    protected override async Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not null;

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                replacements[plan.Call] = plan.Replacement;
            }
        }

        var newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        return document.WithSyntaxRoot(Usings.Ensure(newRoot, "Microsoft.Extensions.Logging"));
    }

    private static async Task<(SyntaxNode Call, SyntaxNode Replacement)?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var loggerType = semanticModel?.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Write" or "WriteLine" } access,
                ArgumentList.Arguments: { Count: 1 } arguments,
            } call
            || semanticModel is null || loggerType is null
            || InScope.Find(call, semanticModel, type => InScope.IsOrImplements(type, loggerType), cancellationToken) is not { } logger
            || Template(arguments[0].Expression) is not { } template)
        {
            return null;
        }

        var level = access.Expression.ToString().EndsWith("Error", System.StringComparison.Ordinal) ? "LogError" : "LogInformation";
        var text = new StringBuilder($"{logger}.{level}({SymbolDisplay.FormatLiteral(template.Text, quote: true)}");
        foreach (var argument in template.Arguments)
        {
            text.Append(", ").Append(argument.WithoutTrivia().ToFullString());
        }

        var replacement = SyntaxFactory.ParseExpression(text.Append(')').ToString()).WithTriviaFrom(call);
        return (call, replacement);
    }

    /// <summary>The message template and its arguments, or null for strings the fix does not rewrite (verbatim, raw).</summary>
    private static (string Text, List<ExpressionSyntax> Arguments)? Template(ExpressionSyntax message)
    {
        var arguments = new List<ExpressionSyntax>();
        var names = new HashSet<string>();
        switch (message)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                return (Escape(literal.Token.ValueText), arguments);
            case InterpolatedStringExpressionSyntax interpolated when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken):
                var text = new StringBuilder();
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax part)
                    {
                        text.Append(Escape(part.TextToken.ValueText));
                        continue;
                    }

                    var hole = (InterpolationSyntax)content;
                    text.Append('{').Append(UniqueName(hole.Expression, names));
                    if (hole.AlignmentClause is { } alignment)
                    {
                        text.Append(',').Append(alignment.Value.ToString());
                    }

                    if (hole.FormatClause is { } format)
                    {
                        text.Append(':').Append(format.FormatStringToken.ValueText);
                    }

                    text.Append('}');
                    arguments.Add(hole.Expression);
                }

                return (text.ToString(), arguments);
            case InterpolatedStringExpressionSyntax:
                return null;
            default:
                arguments.Add(message);
                return ("{" + UniqueName(message, names) + "}", arguments);
        }
    }

    private static string Escape(string text) => text.Replace("{", "{{").Replace("}", "}}");

    /// <summary><c>order.Id</c> becomes OrderId, <c>count</c> Count; anything else Value, Value2, ...</summary>
    private static string UniqueName(ExpressionSyntax expression, HashSet<string> used)
    {
        var name = expression switch
        {
            IdentifierNameSyntax identifier => Pascal(identifier.Identifier.ValueText),
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner, Name: var member } => Pascal(owner.Identifier.ValueText) + Pascal(member.Identifier.ValueText),
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => Pascal(member.Identifier.ValueText),
            MemberAccessExpressionSyntax { Name: var member } => Pascal(member.Identifier.ValueText),
            _ => "Value",
        };
        name = new string(name.Where(char.IsLetterOrDigit).ToArray());
        if (name.Length == 0)
        {
            name = "Value";
        }

        var unique = name;
        for (var suffix = 2; !used.Add(unique); suffix++)
        {
            unique = name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private static string Pascal(string name)
    {
        var trimmed = name.TrimStart('_', '@');
        return trimmed.Length == 0 ? string.Empty : char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }
}
