using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// Base of the repository-readiness rules (PK9xxx). They look at the files the package's targets hand over in the one
/// project that reports for the repository, and report at the end of that compilation: on the line concerned when
/// there is a file, with no location when a file is missing. In every other compilation they register nothing.
/// </summary>
public abstract class RepositoryAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // Once per compilation, after the rest of it: repository files do not change while a compilation is analysed.
        context.RegisterCompilationAction(compilation =>
        {
            var repository = RepositoryFiles.TryCreate(compilation.Options);
            if (repository is not null)
            {
                Analyze(compilation, repository);
            }
        });
    }

    private protected abstract void Analyze(CompilationAnalysisContext context, RepositoryFiles repository);

    /// <summary>
    /// Reports a finding at the severity the project's .editorconfig gives the rule (see <see cref="ConfiguredSeverity"/>),
    /// or not at all when it turns the rule off.
    /// </summary>
    private protected static void Report(CompilationAnalysisContext context, DiagnosticDescriptor rule, Location location, params object?[] messageArgs)
    {
        if (ConfiguredSeverity.For(context.Compilation, context.Options, rule, context.CancellationToken) is { } severity)
        {
            context.ReportDiagnostic(Diagnostic.Create(rule, location, severity, additionalLocations: null, properties: null, messageArgs));
        }
    }
}
