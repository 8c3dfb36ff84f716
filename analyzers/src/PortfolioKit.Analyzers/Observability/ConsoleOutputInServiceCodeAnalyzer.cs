using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Observability;

/// <summary>
/// PK5001: <c>Console.Write</c>/<c>WriteLine</c> (including <c>Console.Out</c> and <c>Console.Error</c>)
/// in a web or worker application. Console output has no level, no category, no structure and no
/// trace correlation; it bypasses the logging pipeline that production monitoring reads.
/// Console apps without ASP.NET Core or the generic host, test projects, and Program.cs's own statements
/// (which run before logging exists) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleOutputInServiceCodeAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ConsoleOutputInServiceCode,
        messageFormat: "'{0}' bypasses logging; inject ILogger<T> and log a structured message",
        description: "In a service, console output has no level, category, structure or trace id, and cannot be filtered or shipped to a log store. Inject ILogger<T> and use message templates.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var console = compilation.GetTypeByMetadataName("System.Console");
            if (console is null
                || compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger") is null
                || !CompilationTraits.IsServiceApplication(compilation)
                || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            compilationContext.RegisterOperationAction(c => AnalyzeInvocation(c, console), OperationKind.Invocation);
        });
    }

    /// <summary>
    /// Program.cs itself (top-level statements or <c>Main</c>, outside lambdas) runs before the host and its
    /// logging exist, so a start-up error written to the console there is the only way to say what went wrong.
    /// </summary>
    private static bool IsInProgramEntryPoint(IOperation operation, ISymbol containingSymbol) =>
        containingSymbol is IMethodSymbol { IsStatic: true, Name: "<Main>$" or "Main" }
        && operation.EnclosingFunction() is not (IAnonymousFunctionOperation or ILocalFunctionOperation);

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol console)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Write" or "WriteLine" or "WriteAsync" or "WriteLineAsync"))
        {
            return;
        }

        var writesToConsole = method.ContainingType.IsType(console)
            || invocation.Instance?.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } stream
                && stream.Property.ContainingType.IsType(console);
        if (writesToConsole && !IsInProgramEntryPoint(invocation, context.ContainingSymbol))
        {
            var receiver = method.ContainingType.IsType(console) ? "Console" : "Console." + ((IPropertyReferenceOperation)invocation.Instance!.WalkDownConversions()).Property.Name;
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), receiver + "." + method.Name));
        }
    }
}
