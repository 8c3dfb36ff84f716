using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

/// <summary>
/// The repository rules answer to .editorconfig like any other rule, although their findings lie in no C# file
/// (a missing LICENSE has no location; a README finding lies in an additional file): the compiler alone would apply
/// only .globalconfig, NoWarn and WarningsAsErrors to them.
/// </summary>
public class RepositoryRuleConfigurationTests
{
    private const string ReadmeWithoutRunCommand = "# Shop\n\nAn ordering API. Build it and run it the usual way.\n";

    private static DiagnosticResult RunCommandOnTitle(DiagnosticSeverity severity) =>
        new DiagnosticResult("PK9003", severity).WithSpan(RepositoryScenario.Root + "README.md", 1, 1, 1, 7);

    private static RepositoryScenario WithoutLicense() => new RepositoryScenario().WithProject("src/Api/Api.csproj");

    [Fact]
    public Task None_in_the_section_for_cs_files_turns_off_a_finding_without_a_location() =>
        WithoutLicense()
            .WithEditorConfig("root = true\n\n[*.cs]\ndotnet_diagnostic.PK9101.severity = none\n")
            .VerifyAsync<NoLicenseAnalyzer>();

    [Fact]
    public Task Error_raises_a_finding_without_a_location() =>
        WithoutLicense()
            .WithEditorConfig("root = true\n\n[*]\ndotnet_diagnostic.PK9101.severity = error\n")
            .VerifyAsync<NoLicenseAnalyzer>(RepositoryScenario.Missing("PK9101", DiagnosticSeverity.Error));

    [Fact]
    public Task None_turns_off_a_finding_in_the_readme() =>
        new RepositoryScenario()
            .WithReadme(ReadmeWithoutRunCommand)
            .WithEditorConfig("root = true\n\n[*.{cs,md}]\ndotnet_diagnostic.PK9003.severity = none\n")
            .VerifyAsync<ReadmeRunCommandAnalyzer>();

    [Fact]
    public Task Suggestion_lowers_a_finding_in_the_readme() =>
        new RepositoryScenario()
            .WithReadme(ReadmeWithoutRunCommand)
            .WithEditorConfig("root = true\n\n[*.cs]\ndotnet_diagnostic.PK9003.severity = suggestion\n")
            .VerifyAsync<ReadmeRunCommandAnalyzer>(RunCommandOnTitle(DiagnosticSeverity.Info));

    [Fact]
    public Task A_section_for_other_files_leaves_the_rule_as_it_is() =>
        new RepositoryScenario()
            .WithReadme(ReadmeWithoutRunCommand)
            .WithEditorConfig("root = true\n\n[*.json]\ndotnet_diagnostic.PK9003.severity = none\n")
            .VerifyAsync<ReadmeRunCommandAnalyzer>(RunCommandOnTitle(DiagnosticSeverity.Warning));

    [Fact]
    public Task The_portfolio_category_turns_every_repository_rule_off() =>
        WithoutLicense()
            .WithEditorConfig("root = true\n\n[*.cs]\ndotnet_analyzer_diagnostic.category-PortfolioKit.Portfolio.severity = none\n")
            .VerifyAsync<NoLicenseAnalyzer>();

    [Fact]
    public Task The_rule_id_wins_over_its_category() =>
        WithoutLicense()
            .WithEditorConfig("""
                root = true

                [*.cs]
                dotnet_analyzer_diagnostic.category-PortfolioKit.Portfolio.severity = none
                dotnet_diagnostic.PK9101.severity = error
                """)
            .VerifyAsync<NoLicenseAnalyzer>(RepositoryScenario.Missing("PK9101", DiagnosticSeverity.Error));

    [Fact]
    public Task The_category_wins_over_every_analyzer_rule() =>
        WithoutLicense()
            .WithEditorConfig("""
                root = true

                [*.cs]
                dotnet_analyzer_diagnostic.severity = none
                dotnet_analyzer_diagnostic.category-PortfolioKit.Portfolio.severity = suggestion
                """)
            .VerifyAsync<NoLicenseAnalyzer>(RepositoryScenario.Missing("PK9101", DiagnosticSeverity.Info));

    [Fact]
    public Task A_global_config_wins_over_nothing_else_configured() =>
        WithoutLicense()
            .WithGlobalOption("dotnet_diagnostic.PK9101.severity = error")
            .VerifyAsync<NoLicenseAnalyzer>(RepositoryScenario.Missing("PK9101", DiagnosticSeverity.Error));

    [Fact]
    public Task The_editorconfig_wins_over_the_users_global_config() =>
        WithoutLicense()
            .WithGlobalOption("dotnet_diagnostic.PK9101.severity = warning")
            .WithEditorConfig("root = true\n\n[*.cs]\ndotnet_diagnostic.PK9101.severity = none\n")
            .VerifyAsync<NoLicenseAnalyzer>();

    [Fact]
    public Task The_strict_preset_raises_a_suggestion_rule() =>
        new RepositoryScenario()
            .WithReadme("# Shop\n")
            .WithGlobalOption("portfoliokit_preset.PK9106.severity = warning")
            .VerifyAsync<NoSecurityPolicyAnalyzer>(RepositoryScenario.Missing("PK9106", DiagnosticSeverity.Warning));

    [Fact]
    public Task The_editorconfig_category_wins_over_the_preset() =>
        WithoutLicense()
            .WithGlobalOption("portfoliokit_preset.PK9101.severity = warning")
            .WithEditorConfig("root = true\n\n[*.cs]\ndotnet_analyzer_diagnostic.category-PortfolioKit.Portfolio.severity = error\n")
            .VerifyAsync<NoLicenseAnalyzer>(RepositoryScenario.Missing("PK9101", DiagnosticSeverity.Error));

    [Fact]
    public Task A_suggestion_rule_can_be_raised_to_a_warning() =>
        new RepositoryScenario()
            .WithReadme("# Shop\n")
            .WithEditorConfig("root = true\n\n[*.cs]\ndotnet_diagnostic.PK9106.severity = warning\n")
            .VerifyAsync<NoSecurityPolicyAnalyzer>(RepositoryScenario.Missing("PK9106", DiagnosticSeverity.Warning));
}
