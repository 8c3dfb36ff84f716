using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PortfolioKit.Analyzers.RelationalData;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PortfolioKit.Analyzers.CodeFixes;

/// <summary>
/// PK2001: <c>FromSqlRaw($"... {name}")</c> or <c>FromSqlRaw("..." + name)</c> becomes
/// <c>FromSql($"... {name}")</c>, whose interpolated values EF Core sends as parameters
/// (<c>ExecuteSqlRaw</c> → <c>ExecuteSql</c>, <c>SqlQueryRaw</c> → <c>SqlQuery</c>). Quotes around a
/// value (<c>'{name}'</c>) are removed because a parameter is not quoted. No fix is offered when a value
/// sits where a parameter cannot go (a table or column name, part of a quoted LIKE pattern) or carries
/// a format specifier: there the query has to be redesigned, not rewritten.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterizedSqlCodeFixProvider))]
[Shared]
public sealed class ParameterizedSqlCodeFixProvider : CodeFixProvider
{
    // SQL keywords after which a value names a table or a column rather than being a value.
    private static readonly string[] IdentifierKeywords = { "FROM", "JOIN", "INTO", "UPDATE", "TABLE", "BY", "SELECT", "EXEC", "EXECUTE" };

    private static readonly char[] WordSeparators = { ' ', '\t', '\n', '\r', ',', '(' };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SqlBuiltFromStrings);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(SqlBuiltFromStringsAnalyzer.EfCoreMethodProperty, out var rawMethod) || rawMethod is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax sql
            || sql.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } arguments } sqlArgument
            || semanticModel is null)
        {
            return;
        }

        var parameterizedMethod = ParameterizedMethod(rawMethod, semanticModel.Compilation);
        if (parameterizedMethod is null
            || !OnlyTakesSql(arguments, sqlArgument, semanticModel)
            || MethodName(invocation) is not { } methodName
            || ToParameterizedString(WalkDownParentheses(sql), semanticModel) is not { } interpolated)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use '{parameterizedMethod}' with parameters",
                _ =>
                {
                    var newName = methodName is GenericNameSyntax generic
                        ? (SimpleNameSyntax)generic.WithIdentifier(Identifier(parameterizedMethod))
                        : IdentifierName(parameterizedMethod);
                    var newInvocation = invocation.ReplaceNodes(
                        new SyntaxNode[] { methodName, sqlArgument.Expression },
                        (original, _) => original == methodName
                            ? newName.WithTriviaFrom(methodName)
                            : interpolated.WithTriviaFrom(sqlArgument.Expression));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, newInvocation)));
                },
                equivalenceKey: nameof(ParameterizedSqlCodeFixProvider)),
            diagnostic);
    }

    /// <summary>EF Core 7+ has FromSql/ExecuteSql/SqlQuery; older versions only the *Interpolated forms.</summary>
    private static string? ParameterizedMethod(string rawMethod, Compilation compilation)
    {
        var (modern, legacy, container) = rawMethod switch
        {
            "FromSqlRaw" => ("FromSql", "FromSqlInterpolated", "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions"),
            "ExecuteSqlRaw" => ("ExecuteSql", "ExecuteSqlInterpolated", "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions"),
            "ExecuteSqlRawAsync" => ("ExecuteSqlAsync", "ExecuteSqlInterpolatedAsync", "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions"),
            "SqlQueryRaw" => ("SqlQuery", null, "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions"),
            _ => (null, null, null),
        };
        if (modern is null || container is null || compilation.GetTypeByMetadataName(container) is not { } type)
        {
            return null;
        }

        return type.GetMembers(modern).Length > 0 ? modern
            : legacy is not null && type.GetMembers(legacy).Length > 0 ? legacy
            : null;
    }

    /// <summary>Extra <c>params object[]</c> values would be lost; only a trailing CancellationToken may remain.</summary>
    private static bool OnlyTakesSql(ArgumentListSyntax arguments, ArgumentSyntax sqlArgument, SemanticModel semanticModel)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument == sqlArgument)
            {
                continue;
            }

            var type = semanticModel.GetTypeInfo(argument.Expression).Type;
            if (type?.Name != "CancellationToken")
            {
                return false;
            }
        }

        return true;
    }

    private static SimpleNameSyntax? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
        SimpleNameSyntax simple => simple,
        _ => null,
    };

    /// <summary>Builds the interpolated string whose holes become parameters, or null when that would change the query.</summary>
    private static InterpolatedStringExpressionSyntax? ToParameterizedString(ExpressionSyntax sql, SemanticModel semanticModel)
    {
        InterpolatedStringExpressionSyntax? source = sql switch
        {
            InterpolatedStringExpressionSyntax interpolated => interpolated,
            BinaryExpressionSyntax concatenation => FromConcatenation(concatenation, semanticModel),
            _ => null,
        };

        return source is null ? null : RemoveQuotesAroundValues(source);
    }

    private static InterpolatedStringExpressionSyntax? FromConcatenation(BinaryExpressionSyntax concatenation, SemanticModel semanticModel)
    {
        var operands = new List<ExpressionSyntax>();
        if (!Flatten(concatenation, semanticModel, operands))
        {
            return null;
        }

        var contents = new List<InterpolatedStringContentSyntax>();
        foreach (var operand in operands)
        {
            switch (operand)
            {
                case LiteralExpressionSyntax { Token.Text: var text } literal when literal.IsKind(SyntaxKind.StringLiteralExpression) && text.StartsWith("\"", StringComparison.Ordinal) && !text.StartsWith("\"\"\"", StringComparison.Ordinal):
                    var escaped = text.Substring(1, text.Length - 2).Replace("{", "{{").Replace("}", "}}");
                    contents.Add(InterpolatedStringText(Token(default, SyntaxKind.InterpolatedStringTextToken, escaped, literal.Token.ValueText, default)));
                    break;
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return null; // verbatim or raw literal: its escaping differs from a regular $"..." string.
                case InterpolatedStringExpressionSyntax nested when nested.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken):
                    contents.AddRange(nested.Contents);
                    break;
                case InterpolatedStringExpressionSyntax:
                    return null;
                default:
                    var value = operand is ConditionalExpressionSyntax ? ParenthesizedExpression(operand) : operand;
                    contents.Add(Interpolation(value.WithoutTrivia()));
                    break;
            }
        }

        return InterpolatedStringExpression(Token(SyntaxKind.InterpolatedStringStartToken), List(MergeAdjacentText(contents)), Token(SyntaxKind.InterpolatedStringEndToken));
    }

    /// <summary>Collects the operands of a chain of string <c>+</c>; fails when some <c>+</c> adds numbers.</summary>
    private static bool Flatten(ExpressionSyntax expression, SemanticModel semanticModel, List<ExpressionSyntax> operands)
    {
        var unwrapped = WalkDownParentheses(expression);
        if (unwrapped is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression))
        {
            if (semanticModel.GetTypeInfo(binary).Type?.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            return Flatten(binary.Left, semanticModel, operands) && Flatten(binary.Right, semanticModel, operands);
        }

        operands.Add(unwrapped);
        return true;
    }

    private static IEnumerable<InterpolatedStringContentSyntax> MergeAdjacentText(List<InterpolatedStringContentSyntax> contents)
    {
        InterpolatedStringTextSyntax? pending = null;
        foreach (var content in contents)
        {
            if (content is InterpolatedStringTextSyntax text)
            {
                pending = pending is null ? text : WithText(pending, pending.TextToken.Text + text.TextToken.Text, pending.TextToken.ValueText + text.TextToken.ValueText);
                continue;
            }

            if (pending is not null)
            {
                yield return pending;
                pending = null;
            }

            yield return content;
        }

        if (pending is not null)
        {
            yield return pending;
        }
    }

    /// <summary>
    /// <c>WHERE name = '{name}'</c> → <c>WHERE name = {name}</c>. Returns null when a value is inside a
    /// longer quoted literal, names an identifier, or has an alignment or format specifier.
    /// </summary>
    private static InterpolatedStringExpressionSyntax? RemoveQuotesAroundValues(InterpolatedStringExpressionSyntax source)
    {
        var contents = source.Contents.ToList();
        var sqlSoFar = string.Empty;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is InterpolatedStringTextSyntax text)
            {
                sqlSoFar += text.TextToken.ValueText;
                continue;
            }

            var hole = (InterpolationSyntax)contents[i];
            if (hole.AlignmentClause is not null || hole.FormatClause is not null || IsIdentifierPosition(sqlSoFar))
            {
                return null;
            }

            var insideQuotes = sqlSoFar.Count(c => c == '\'') % 2 == 1;
            if (!insideQuotes)
            {
                continue;
            }

            var next = i + 1 < contents.Count ? contents[i + 1] as InterpolatedStringTextSyntax : null;
            var previous = i > 0 ? contents[i - 1] as InterpolatedStringTextSyntax : null;
            if (previous is null || next is null || !previous.TextToken.ValueText.EndsWith("'", StringComparison.Ordinal) || !next.TextToken.ValueText.StartsWith("'", StringComparison.Ordinal))
            {
                return null;
            }

            contents[i - 1] = WithText(previous, previous.TextToken.Text.Substring(0, previous.TextToken.Text.Length - 1), previous.TextToken.ValueText.Substring(0, previous.TextToken.ValueText.Length - 1));
            contents[i + 1] = WithText(next, next.TextToken.Text.Substring(1), next.TextToken.ValueText.Substring(1));
            sqlSoFar = sqlSoFar.Substring(0, sqlSoFar.Length - 1) + "?";
            i++;
            sqlSoFar += ((InterpolatedStringTextSyntax)contents[i]).TextToken.ValueText;
        }

        return source.WithContents(List(contents.Where(c => c is not InterpolatedStringTextSyntax { TextToken.Text.Length: 0 })));
    }

    /// <summary>
    /// True when the value is not a plain value: the whole statement, a table or column name
    /// (<c>FROM {table}</c>, <c>ORDER BY {column}</c>, <c>[{name}]</c>), or a list (<c>IN ({ids})</c>).
    /// </summary>
    private static bool IsIdentifierPosition(string sqlBefore)
    {
        if (sqlBefore.Trim().Length == 0
            || sqlBefore.EndsWith(".", StringComparison.Ordinal)
            || sqlBefore.EndsWith("[", StringComparison.Ordinal)
            || sqlBefore.EndsWith("\"", StringComparison.Ordinal)
            || sqlBefore.EndsWith("`", StringComparison.Ordinal))
        {
            return true;
        }

        var trimmed = sqlBefore.TrimEnd();
        var opensList = trimmed.EndsWith("(", StringComparison.Ordinal);
        trimmed = trimmed.TrimEnd('(', ' ', '\t', '\r', '\n');
        var lastWord = trimmed.Substring(trimmed.LastIndexOfAny(WordSeparators) + 1).ToUpperInvariant();
        return (opensList && lastWord == "IN") || (!opensList && Array.IndexOf(IdentifierKeywords, lastWord) >= 0);
    }

    private static ExpressionSyntax WalkDownParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private static InterpolatedStringTextSyntax WithText(InterpolatedStringTextSyntax original, string text, string valueText) =>
        original.WithTextToken(Token(original.TextToken.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, text, valueText, original.TextToken.TrailingTrivia));
}
