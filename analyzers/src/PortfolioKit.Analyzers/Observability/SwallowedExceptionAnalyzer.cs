using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Observability;

/// <summary>
/// PK5004: a <c>catch</c> of every exception (<c>catch</c>, <c>catch (Exception)</c>) that neither logs, rethrows nor
/// handles it: its block is empty, or only returns a default (<c>null</c>, <c>false</c>, an empty list,
/// <c>Task.CompletedTask</c>) or leaves the loop. The failure disappears: no log line, no metric, no error to the
/// caller. Not reported: catches of specific exception types, catches with a <c>when</c> filter, blocks that explain
/// themselves with a comment, <c>Dispose</c> methods and test projects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedExceptionAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SwallowedException,
        messageFormat: "This catch swallows every exception {0}; log it with ILogger, rethrow it, or catch only the exception you expect",
        description: "A catch-all that neither logs nor rethrows hides failures: the operation fails silently, nothing reaches the logs or the error rate, and the caller gets a default it cannot tell from success. Log the exception, let it propagate, or catch the specific exception type you expect and say why in a comment.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var exception = compilation.GetTypeByMetadataName("System.Exception");
            if (exception is null || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            var systemException = compilation.GetTypeByMetadataName("System.SystemException");
            compilationContext.RegisterOperationAction(c => Analyze(c, exception, systemException), OperationKind.CatchClause);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol exception, INamedTypeSymbol? systemException)
    {
        var catchClause = (ICatchClauseOperation)context.Operation;
        if (catchClause.Filter is not null
            || !(catchClause.ExceptionType.SpecialType == SpecialType.System_Object || catchClause.ExceptionType.IsType(exception) || catchClause.ExceptionType.IsType(systemException))
            || catchClause.Syntax is not CatchClauseSyntax syntax
            || context.ContainingSymbol is IMethodSymbol { Name: "Dispose" or "DisposeAsync" or "Finalize" }
            || HasComment(syntax.Block))
        {
            return;
        }

        var what = "and does nothing";
        foreach (var statement in catchClause.Handler.Operations)
        {
            switch (statement)
            {
                case IEmptyOperation:
                    continue;
                case IBranchOperation:
                    what = "and moves on";
                    continue;
                case IReturnOperation { ReturnedValue: null }:
                    what = "and returns";
                    continue;
                case IReturnOperation { ReturnedValue: { } value } when IsDefaultValue(value):
                    what = "and returns a default value";
                    continue;
                default:
                    return;
            }
        }

        var end = syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
        var location = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end));
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, what));
    }

    /// <summary>A comment inside the block says the exception is ignored on purpose.</summary>
    private static bool HasComment(BlockSyntax block)
    {
        foreach (var trivia in block.OpenBraceToken.TrailingTrivia)
        {
            if (IsComment(trivia))
            {
                return true;
            }
        }

        foreach (var trivia in block.CloseBraceToken.LeadingTrivia)
        {
            if (IsComment(trivia))
            {
                return true;
            }
        }

        foreach (var statement in block.Statements)
        {
            foreach (var trivia in statement.DescendantTrivia())
            {
                if (IsComment(trivia))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

    /// <summary><c>null</c>, a constant, <c>default</c>, an empty collection, <c>Task.CompletedTask</c> or <c>Task.FromResult</c> of one.</summary>
    private static bool IsDefaultValue(IOperation value)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case { ConstantValue.HasValue: true }:
            case IDefaultValueOperation:
            case IPropertyReferenceOperation { Property.Name: "CompletedTask" or "Empty" }:
            case IFieldReferenceOperation { Field.Name: "Empty" }:
            case IInvocationOperation { TargetMethod.Name: "Empty", Arguments.Length: 0 }:
            case IObjectCreationOperation { Arguments.Length: 0, Initializer: null }:
            case IArrayCreationOperation { Initializer.ElementValues.Length: 0 }:
                return true;
            case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult:
                return IsDefaultValue(fromResult.Arguments[0].Value);
            default:
                return value.Kind.ToString() == "CollectionExpression" && value.ChildOperations.Count == 0;
        }
    }
}
