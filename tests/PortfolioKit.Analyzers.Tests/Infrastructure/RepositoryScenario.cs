using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>
/// A repository as the package's targets hand it to the reporting project: additional files under <see cref="Root"/>
/// with their PortfolioKitFileKind metadata and the _PortfolioKitRepositoryRoot property, in a global analyzer config
/// like the one MSBuild generates. Expected diagnostics are marked in the files (<c>{|PK9002:...|}</c>) or passed
/// as results (no location for a missing file).
/// </summary>
internal sealed class RepositoryScenario
{
    public const string Root = "/repo/";

    /// <summary>The reporting project's file, where a finding about a missing file is located.</summary>
    public const string OwnerProject = "src/App/App.csproj";

    private const string OwnerProjectContent = "<Project Sdk=\"Microsoft.NET.Sdk\" />";

    private readonly List<(string Path, string Kind, string Content)> _files = [];
    private readonly List<MetadataReference> _references = [];
    private readonly List<string> _globalOptions = [];
    private string? _editorConfig;
    private bool _owner = true;

    /// <summary>A line of the user's own global config, such as <c>dotnet_diagnostic.PK9001.severity = none</c>.</summary>
    public RepositoryScenario WithGlobalOption(string line)
    {
        _globalOptions.Add(line);
        return this;
    }

    /// <summary>
    /// An <c>.editorconfig</c> at the file system root, whose sections apply to the test's C# file as the repository's
    /// .editorconfig applies to the project's files.
    /// </summary>
    public RepositoryScenario WithEditorConfig(string content)
    {
        _editorConfig = content;
        return this;
    }

    public RepositoryScenario With(string relativePath, string kind, string content)
    {
        _files.Add((relativePath, kind, content));
        return this;
    }

    public RepositoryScenario WithReadme(string content) => With("README.md", "Readme", content);

    public RepositoryScenario WithProject(string relativePath, string content = "<Project Sdk=\"Microsoft.NET.Sdk\" />") =>
        With(relativePath, "Project", content);

    /// <summary>The compilation references an (empty) assembly of this name, as if a package brought it.</summary>
    public RepositoryScenario WithAssembly(string assemblyName)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText("public class Marker { }")],
            TestReferences.Runtime,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        _references.Add(MetadataReference.CreateFromImage(image.ToArray()));
        return this;
    }

    /// <summary>This compilation is not the repository's reporting project: the targets set no root property.</summary>
    public RepositoryScenario NotTheOwner()
    {
        _owner = false;
        return this;
    }

    public Task VerifyAsync<TAnalyzer>(params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = "public class Placeholder { }",
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Runtime);
        test.TestState.AdditionalReferences.AddRange(_references);

        var config = new StringBuilder("is_global = true\n");
        if (_owner)
        {
            config.Append("build_property._PortfolioKitRepositoryRoot = ").Append(Root).Append('\n');
            config.Append("build_property.MSBuildProjectFullPath = ").Append(Root).Append(OwnerProject).Append('\n');
        }

        var files = _files.ToList();
        if (_owner && !files.Any(f => f.Path == OwnerProject))
        {
            files.Add((OwnerProject, "Project", OwnerProjectContent));
        }

        foreach (var option in _globalOptions)
        {
            config.Append(option).Append('\n');
        }

        foreach (var (path, kind, content) in files)
        {
            test.TestState.AdditionalFiles.Add((Root + path, content));
            config.Append('[').Append(Root).Append(path).Append("]\nbuild_metadata.AdditionalFiles.PortfolioKitFileKind = ").Append(kind).Append('\n');
        }

        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", config.ToString()));
        if (_editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", _editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A finding about a missing file: located on the first line of the reporting project's file.</summary>
    public static DiagnosticResult Missing(string id, DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
        new DiagnosticResult(id, severity).WithSpan(Root + OwnerProject, 1, 1, 1, OwnerProjectContent.Length + 1);
}
