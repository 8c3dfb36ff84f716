using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer over a source written in the testing library's markup:
/// <c>{|PK1001:new HttpClient()|}</c> marks an expected diagnostic; unmarked code must stay silent.
/// </summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Class-library code (no entry point).</summary>
    public static Task LibraryAsync(string source) => RunAsync(source, OutputKind.DynamicallyLinkedLibrary);

    /// <summary>A program with top-level statements, such as a minimal API's Program.cs.</summary>
    public static Task ProgramAsync(string source) => RunAsync(source, OutputKind.ConsoleApplication);

    /// <summary>
    /// Half-typed code: compiler errors are allowed, the analyzer must not throw, and it must report
    /// exactly the marked diagnostics (usually none).
    /// </summary>
    public static Task IncompleteAsync(string source, OutputKind outputKind = OutputKind.ConsoleApplication) =>
        RunAsync(source, outputKind, allowCompilerErrors: true);

    /// <summary>Class-library code in a project the test shapes further: its assembly name, analyzer config files.</summary>
    public static Task LibraryAsync(string source, Action<CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>> configure) =>
        RunAsync(source, OutputKind.DynamicallyLinkedLibrary, configure: configure);

    private static Task RunAsync(string source, OutputKind outputKind, bool allowCompilerErrors = false, Action<CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>>? configure = null)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = source,
        };
        test.TestState.OutputKind = outputKind;
        test.TestState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        if (allowCompilerErrors)
        {
            test.CompilerDiagnostics = CompilerDiagnostics.None;
        }

        configure?.Invoke(test);
        return test.RunAsync();
    }
}
