using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers;

/// <summary>
/// Builds descriptors from the <see cref="RuleCatalog"/>, so that every rule takes its title, category and severity
/// from one place and links to its page the same way.
/// </summary>
internal static class RuleDescriptors
{
    private const string HelpLinkBase = "https://github.com/portfoliokit/portfoliokit/blob/main/docs/rules/";

    public static DiagnosticDescriptor Create(string id, string messageFormat, string description, params string[] customTags)
    {
        var rule = RuleCatalog.Get(id);
        return new DiagnosticDescriptor(
            id,
            rule.Title,
            messageFormat,
            rule.Category,
            rule.Recommended,
            isEnabledByDefault: true,
            description,
            HelpLinkUri(id),
            customTags);
    }

    public static string HelpLinkUri(string id) => HelpLinkBase + id + ".md";
}
