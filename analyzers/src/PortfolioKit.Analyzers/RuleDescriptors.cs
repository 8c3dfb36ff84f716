using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers;

/// <summary>Builds descriptors so that every rule links to its page and states its category the same way.</summary>
internal static class RuleDescriptors
{
    private const string HelpLinkBase = "https://github.com/portfoliokit/portfoliokit/blob/main/docs/rules/";

    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        params string[] customTags)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description,
            HelpLinkUri(id),
            customTags);
    }

    public static string HelpLinkUri(string id) => HelpLinkBase + id + ".md";
}
