using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// No file is maintained twice across templates: what two templates share lives in one of them and is composed into
/// the other through template.json sources (<see cref="TemplateContentCopies"/>).
/// </summary>
[Trait(TestTier.Trait, TestTier.Fast)]
public sealed class TemplateCompositionTests : IDisposable
{
    private const string ClassText =
        """
        internal sealed class Clock(TimeProvider time)
        {
            public DateTimeOffset Now => time.GetUtcNow();
        }
        """;

    private readonly string _scratch = Directory.CreateTempSubdirectory("pk-copies-").FullName;

    [Fact]
    public void No_template_carries_a_copy_of_another_templates_file()
    {
        var copies = TemplateContentCopies.Find(Path.Combine(Repository.Root, "templates", "content"));

        Assert.True(
            copies.Count == 0,
            "These files are copies of each other (C# compared without namespace and PortfolioSample.* using lines). " +
            "Keep one, in the template that owns it, and compose it into the other through that template.json's " +
            "\"sources\" (an include, with constant symbols mapping its namespaces), or make the difference the " +
            "template really needs a template conditional:" + Environment.NewLine +
            string.Join(Environment.NewLine, copies.Select(pair => $"  {pair.First} = {pair.Second}")));
    }

    [Fact]
    public void A_copy_that_differs_only_in_its_namespaces_is_found()
    {
        WriteFile("flagship/src/Infrastructure/Messaging/Clock.cs", "using PortfolioSample.Infrastructure.Persistence;\n\nnamespace PortfolioSample.Infrastructure.Messaging;\n\n" + ClassText);
        WriteFile("worker/src/Worker/Messaging/Clock.cs", "using PortfolioSample.Worker.Persistence;\n\nnamespace PortfolioSample.Worker.Messaging;\n\n" + ClassText);
        WriteFile("worker/.editorconfig", "root = true\n[*]\nindent_style = space\n");
        WriteFile("flagship/.editorconfig", "root = true\n[*]\nindent_style = space\n");

        var copies = TemplateContentCopies.Find(_scratch);

        Assert.Contains(("flagship/src/Infrastructure/Messaging/Clock.cs", "worker/src/Worker/Messaging/Clock.cs"), copies);
        Assert.Contains(("flagship/.editorconfig", "worker/.editorconfig"), copies);
    }

    [Fact]
    public void Files_that_differ_in_code_configuration_or_within_one_template_are_not_copies()
    {
        WriteFile("flagship/src/Api/Clock.cs", "namespace PortfolioSample.Api;\n\n" + ClassText);
        WriteFile("flagship/tests/Api.Tests/Clock.cs", "namespace PortfolioSample.Api.Tests;\n\n" + ClassText);
        WriteFile("worker/src/Worker/Clock.cs", "using System.Text;\n\nnamespace PortfolioSample.Worker;\n\n" + ClassText);
        WriteFile("worker/.template.config/template.json", "{\n  \"name\": \"a\",\n  \"shortName\": \"a\"\n}\n");
        WriteFile("flagship/.template.config/template.json", "{\n  \"name\": \"a\",\n  \"shortName\": \"a\"\n}\n");
        WriteFile("worker/src/Worker/Empty.cs", "namespace PortfolioSample.Worker;\n\ninternal sealed class Empty;\n");
        WriteFile("flagship/src/Api/Empty.cs", "namespace PortfolioSample.Api;\n\ninternal sealed class Empty;\n");

        Assert.Empty(TemplateContentCopies.Find(_scratch));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private void WriteFile(string relativePath, string text)
    {
        var path = Path.Combine(_scratch, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
