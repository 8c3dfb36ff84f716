using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers;

/// <summary>One rule of the <see cref="RuleCatalog"/>.</summary>
internal sealed class RuleEntry
{
    public RuleEntry(string id, string title, string category, DiagnosticSeverity recommended, string codeFix, DiagnosticSeverity strict = DiagnosticSeverity.Warning)
    {
        Id = id;
        Title = title;
        Category = category;
        Recommended = recommended;
        Strict = strict;
        CodeFix = codeFix;
    }

    public string Id { get; }

    public string Title { get; }

    /// <summary>One of <see cref="RuleCategories"/>.</summary>
    public string Category { get; }

    /// <summary>The descriptor's default severity, and the rule's severity in the <c>recommended</c> preset.</summary>
    public DiagnosticSeverity Recommended { get; }

    /// <summary>The rule's severity in the <c>strict</c> preset.</summary>
    public DiagnosticSeverity Strict { get; }

    /// <summary>"No", "Yes", or "Yes (when ...)": what the package README and the rule page say about a fix.</summary>
    public string CodeFix { get; }

    /// <summary>PK9xxx: reported once per repository, about files rather than code.</summary>
    public bool IsRepositoryRule => Category == RuleCategories.Portfolio;
}
