using System.Xml.Linq;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>Generated projects reference the analyzer package that ships with the same release.</summary>
public sealed class TemplateVersionTests
{
    [Fact]
    public void Generated_projects_reference_the_analyzers_of_this_release()
    {
        var repositoryVersion = XDocument.Load(Path.Combine(Repository.Root, "eng", "Versions.props"))
            .Descendants("VersionPrefix").Single().Value;
        var reference = XDocument.Load(Path.Combine(Repository.TemplateContent("backend-portfolio"), "Directory.Packages.props"))
            .Descendants("GlobalPackageReference").Single(element => (string?)element.Attribute("Include") == "PortfolioKit.Analyzers");

        Assert.Equal(repositoryVersion, (string?)reference.Attribute("Version"));
    }
}
