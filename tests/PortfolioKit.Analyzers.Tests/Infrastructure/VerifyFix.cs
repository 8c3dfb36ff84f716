using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>Runs an analyzer and its code fix: the marked diagnostics must be fixed into <c>fixedSource</c>.</summary>
internal static class VerifyFix<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task LibraryAsync(string source, string fixedSource) => RunAsync(source, fixedSource, OutputKind.DynamicallyLinkedLibrary);

    /// <param name="behaviors">
    /// <see cref="CodeFixTestBehaviors.SkipLocalDiagnosticCheck"/> for handlers passed as method groups: the
    /// diagnostic is found from the <c>Map*</c> call but located in the handler method.
    /// </param>
    public static Task ProgramAsync(string source, string fixedSource, CodeFixTestBehaviors behaviors = CodeFixTestBehaviors.None) =>
        RunAsync(source, fixedSource, OutputKind.ConsoleApplication, behaviors);

    /// <summary>The diagnostic is reported but no fix is offered: the source stays as it is.</summary>
    public static Task NoFixAsync(string source, OutputKind outputKind = OutputKind.ConsoleApplication) => RunAsync(source, source, outputKind);

    private static Task RunAsync(string source, string fixedSource, OutputKind outputKind, CodeFixTestBehaviors behaviors = CodeFixTestBehaviors.None)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = source,
            FixedCode = fixedSource,
            CodeFixTestBehaviors = behaviors,
        };
        test.TestState.OutputKind = outputKind;
        test.FixedState.OutputKind = outputKind;
        test.TestState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        return test.RunAsync();
    }

    /// <summary>
    /// Fix All across scopes: <paramref name="sources"/> are documents of the test project and <paramref name="otherProject"/>
    /// a document of a second project of the solution. The testing library applies the fix one diagnostic at a time and
    /// through Fix All in document, project and solution, and each must produce the fixed sources.
    /// </summary>
    public static Task FixAllAsync(string[] sources, string[] fixedSources, string otherProject, string otherProjectFixed, CodeFixTestBehaviors behaviors = CodeFixTestBehaviors.None)
    {
        var outputKind = OutputKind.DynamicallyLinkedLibrary;
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            CodeFixTestBehaviors = behaviors,
        };
        test.TestState.OutputKind = outputKind;
        test.FixedState.OutputKind = outputKind;
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
            test.FixedState.Sources.Add(($"/0/Test{i}.cs", fixedSources[i]));
        }

        test.TestState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        var other = new ProjectState("Other", LanguageNames.CSharp, "/Other/Test", "cs") { OutputKind = OutputKind.DynamicallyLinkedLibrary };
        other.Sources.Add(("/Other/Other.cs", otherProject));
        other.AdditionalReferences.AddRange(TestReferences.Assemblies);
        test.TestState.AdditionalProjects.Add("Other", other);
        var otherFixed = new ProjectState("Other", LanguageNames.CSharp, "/Other/Test", "cs") { OutputKind = OutputKind.DynamicallyLinkedLibrary };
        otherFixed.Sources.Add(("/Other/Other.cs", otherProjectFixed));
        otherFixed.AdditionalReferences.AddRange(TestReferences.Assemblies);
        test.FixedState.AdditionalProjects.Add("Other", otherFixed);
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = sources.Count(s => s.Contains("{|", StringComparison.Ordinal)) + (otherProject.Contains("{|", StringComparison.Ordinal) ? 1 : 0);
        test.NumberOfFixAllInProjectIterations = (sources.Any(s => s.Contains("{|", StringComparison.Ordinal)) ? 1 : 0) + (otherProject.Contains("{|", StringComparison.Ordinal) ? 1 : 0);
        return test.RunAsync();
    }
}
