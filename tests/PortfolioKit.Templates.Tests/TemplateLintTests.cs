using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>Every template in the package passes <see cref="TemplateLint"/>, and the lint finds what it is for.</summary>
[Trait(TestTier.Trait, TestTier.Fast)]
public sealed class TemplateLintTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pk-lint-").FullName;

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var config in Directory.GetDirectories(Path.Combine(Repository.Root, "templates", "content"), ".template.config", SearchOption.AllDirectories))
        {
            data.Add(Path.GetRelativePath(Path.Combine(Repository.Root, "templates", "content"), Path.GetDirectoryName(config)!));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_in_the_package_is_clean(string template)
    {
        var findings = TemplateLint.Check(Path.Combine(Repository.Root, "templates", "content", template));

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void Misspelt_keys_are_found()
    {
        var folder = WriteTemplate(
            """
            "sybmols": {},
            "postActions": [ { "actionId": "210D431B-A78B-4D2F-B762-4ED3E3EA9025", "description": "Restore.", "manualInstructions": [ { "text": "dotnet restore" } ], "continueOnErorr": true } ]
            """);

        var findings = TemplateLint.Check(folder);

        Assert.Contains(findings, finding => finding.Contains("unknown key 'sybmols'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("postActions[0]: unknown key 'continueOnErorr'", StringComparison.Ordinal));
    }

    [Fact]
    public void Conditions_on_undefined_symbols_and_unknown_choices_are_found()
    {
        var folder = WriteTemplate(
            """
            "symbols": {
              "database": { "type": "parameter", "datatype": "choice", "defaultValue": "sqlite", "displayName": "Database", "description": "The engine.",
                            "choices": [ { "choice": "sqlite", "description": "SQLite." }, { "choice": "postgres", "description": "PostgreSQL." } ] },
              "UsePostgres": { "type": "computed", "value": "(database == \"postgre\")" }
            },
            "sources": [ { "modifiers": [ { "condition": "(UseMySql)", "exclude": [ "x" ] } ] } ]
            """,
            ("Program.cs", "#if (UsePostgres)\nclass A;\n#elif (UseRedis)\nclass B;\n#endif\n//-:cnd:noEmit\n#if DEBUG\n#endif\n//+:cnd:noEmit\n"),
            ("appsettings.json", "{\n//#if (UseSqlite)\n}\n"));

        var findings = TemplateLint.Check(folder);

        Assert.Contains(findings, finding => finding.Contains("compares 'database' with \"postgre\"", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("sources[0].modifiers[0]: the condition '(UseMySql)' uses 'UseMySql'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.StartsWith("Program.cs:3:", StringComparison.Ordinal) && finding.Contains("'UseRedis'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.StartsWith("appsettings.json:2:", StringComparison.Ordinal) && finding.Contains("'UseSqlite'", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, finding => finding.Contains("DEBUG", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, finding => finding.StartsWith("Program.cs:1:", StringComparison.Ordinal));
    }

    [Fact]
    public void Undescribed_parameters_and_choices_are_found()
    {
        var folder = WriteTemplate(
            """
            "symbols": {
              "license": { "type": "parameter", "datatype": "choice", "defaultValue": "GPL", "choices": [ { "choice": "MIT" } ] }
            }
            """);

        var findings = TemplateLint.Check(folder);

        Assert.Contains(findings, finding => finding.Contains("symbols.license: the parameter has no description", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("the choice 'MIT' has no description", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("the default 'GPL' is not one of its choices", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.StartsWith("dotnetcli.host.json is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Continue_on_error_is_refused_where_a_failure_leaves_a_broken_project()
    {
        var folder = WriteTemplate(
            """
            "postActions": [
              { "actionId": "B17581D1-C5C9-4489-8F0A-004BE667B814", "description": "Add a reference.", "manualInstructions": [ { "text": "dotnet add reference" } ], "continueOnError": true },
              { "actionId": "210D431B-A78B-4D2F-B762-4ED3E3EA9025", "description": "Restore.", "manualInstructions": [ { "text": "dotnet restore" } ], "continueOnError": true },
              { "actionId": "3A7C4B45-1F5D-4A30-959A-51B88E82B5D2", "description": "git init.", "manualInstructions": [ { "text": "git init" } ], "args": { "executable": "git", "args": "init" }, "continueOnError": true }
            ]
            """);

        var findings = TemplateLint.Check(folder);

        Assert.Contains(findings, finding => finding.StartsWith("postActions[0]: continueOnError is true", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, finding => finding.StartsWith("postActions[1]", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, finding => finding.StartsWith("postActions[2]", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_shared_from_another_template_are_checked_with_this_templates_symbols()
    {
        var other = Directory.CreateDirectory(Path.Combine(_scratch, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "Shared.cs"), "#if (UseJwt)\nclass A;\n#endif\n");
        var folder = WriteTemplate(
            """
            "sources": [ { "source": "../other/", "target": "./", "include": [ "Shared.cs", "Missing.md" ] } ]
            """);

        var findings = TemplateLint.Check(folder);

        Assert.Contains(findings, finding => finding.StartsWith("../other/Shared.cs:1:", StringComparison.Ordinal) && finding.Contains("'UseJwt'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("the include 'Missing.md' matches no file", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>A minimal valid template.json with <paramref name="members"/> added, and content files.</summary>
    private string WriteTemplate(string members, params (string Path, string Text)[] content)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, Guid.NewGuid().ToString("N")[..8])).FullName;
        Directory.CreateDirectory(Path.Combine(folder, ".template.config"));
        File.WriteAllText(
            Path.Combine(folder, ".template.config", "template.json"),
            $$"""
            { "identity": "Lint.Sample", "name": "Sample", "shortName": "sample", "description": "A sample.", "author": "Tests", "classifications": [ "Test" ],
            {{members}} }
            """);
        foreach (var (path, text) in content)
        {
            File.WriteAllText(Path.Combine(folder, path), text);
        }

        return folder;
    }
}
