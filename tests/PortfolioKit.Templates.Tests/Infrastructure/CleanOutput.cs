namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>Nothing of the template's own machinery may reach a user's repository.</summary>
public static class CleanOutput
{
    // Every token template.json replaces, the templates' own GUIDs, and the engine's directive syntax.
    private static readonly string[] Leftovers =
    [
        "PortfolioSample", "portfolio-sample", "portfolio_sample", "Portfolio Sample", "The Sample Authors",
        "5b0c8f47-3d7e-4a52-9a0e-6f2d1c9b7e31", "674de599-124b-4344-965b-794d3acc5a25", ".template.config", "<!--#if", "//#if", "#endif", "LICENSE-APACHE",
    ];

    public static void AssertClean(string root)
    {
        Assert.False(Directory.Exists(Path.Combine(root, ".template.config")), "The template's .template.config folder was copied.");
        var files = OutputTree.Files(root);
        Assert.DoesNotContain(files, file => file.EndsWith("LICENSE-APACHE", StringComparison.Ordinal));
        Assert.DoesNotContain(files, file => file.Split('/').Any(part => part is "bin" or "obj"));

        var findings = files
            .SelectMany(file => Leftovers
                .Where(token => File.ReadAllText(Path.Combine(root, file)).Contains(token, StringComparison.Ordinal))
                .Select(token => $"{file}: '{token}'"))
            .ToList();
        Assert.True(findings.Count == 0, "Template leftovers in the output:" + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }
}
