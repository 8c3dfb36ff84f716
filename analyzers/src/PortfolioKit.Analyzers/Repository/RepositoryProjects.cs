using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// Reads the repository's project files (and its Directory.Build.props/targets) as text. A project is a test project
/// when its file references a test framework or the test SDK (Microsoft.NET.Test.Sdk, xunit, NUnit, MSTest, TUnit),
/// sets IsTestProject, uses MSTest.Sdk, is named like one (<c>*.Tests</c>, <c>*Tests</c>, <c>*.Specs</c>), or sits
/// below a Directory.Build.props/targets (other than the root's) that does one of the first three.
/// </summary>
internal static class RepositoryProjects
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly ConditionalWeakTable<SourceText, ProjectText> Cache = new();

    private static readonly Regex PackageReference = new(@"<(?:Global)?PackageReference\b[^<>]{0,2000}?\bInclude\s*=\s*[""']\s*(?<id>[^""'\s;]+)", Options);
    private static readonly Regex TestMarker = new(@"<IsTestProject>\s*true\s*</IsTestProject>|\bSdk\s*=\s*[""']MSTest\.Sdk", Options);
    private static readonly Regex TestName = new(@"(?:^|[._-])(?i:tests?|specs?)$|[a-z0-9](?:Tests?|Specs?)$", RegexOptions.CultureInvariant);

    private static readonly string[] TestPackages =
    {
        "Microsoft.NET.Test.Sdk", "xunit", "xunit.core", "xunit.v3", "xunit.v3.core", "xunit.v3.mtp-off", "NUnit",
        "MSTest", "MSTest.TestFramework", "TUnit", "TUnit.Core", "Expecto",
    };

    public static ImmutableArray<RepositoryProject> Read(RepositoryFiles repository, CancellationToken cancellationToken)
    {
        var testFolders = new List<string>();
        foreach (var buildFile in repository.OfKind(RepositoryFileKind.BuildFile))
        {
            if (buildFile.Directory.Length > 0 && buildFile.ReadText(cancellationToken) is { } text && Parse(text).DeclaresTests)
            {
                testFolders.Add(buildFile.Directory + "/");
            }
        }

        var projects = ImmutableArray.CreateBuilder<RepositoryProject>();
        foreach (var file in repository.OfKind(RepositoryFileKind.Project))
        {
            var parsed = file.ReadText(cancellationToken) is { } text ? Parse(text) : ProjectText.Empty;
            var name = System.IO.Path.GetFileNameWithoutExtension(file.FileName);
            var isTest = parsed.DeclaresTests || TestName.IsMatch(name) || IsUnder(file.RelativePath, testFolders);
            projects.Add(new RepositoryProject(file, isTest, parsed.Packages));
        }

        return projects.ToImmutable();
    }

    private static bool IsUnder(string relativePath, List<string> folders)
    {
        foreach (var folder in folders)
        {
            if (relativePath.StartsWith(folder, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static ProjectText Parse(SourceText text) => Cache.GetValue(text, static t =>
    {
        var content = t.ToString();
        var packages = ImmutableArray.CreateBuilder<string>();
        var declaresTests = TestMarker.IsMatch(content);
        foreach (Match match in PackageReference.Matches(content))
        {
            var id = match.Groups["id"].Value;
            packages.Add(id);
            declaresTests |= Array.Exists(TestPackages, p => string.Equals(p, id, StringComparison.OrdinalIgnoreCase));
        }

        return new ProjectText(packages.ToImmutable(), declaresTests);
    });
}
