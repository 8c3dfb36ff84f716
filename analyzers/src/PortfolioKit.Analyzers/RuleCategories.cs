namespace PortfolioKit.Analyzers;

/// <summary>
/// Diagnostic categories, one per id range. The category is what users filter on in
/// <c>.editorconfig</c> (<c>dotnet_analyzer_diagnostic.category-PortfolioKit.Security.severity</c>).
/// </summary>
public static class RuleCategories
{
    /// <summary>PK1xxx.</summary>
    public const string Scalability = "PortfolioKit.Scalability";

    /// <summary>PK2xxx.</summary>
    public const string RelationalData = "PortfolioKit.RelationalData";

    /// <summary>PK3xxx.</summary>
    public const string ApiDesign = "PortfolioKit.ApiDesign";

    /// <summary>PK4xxx.</summary>
    public const string Security = "PortfolioKit.Security";

    /// <summary>PK5xxx.</summary>
    public const string Observability = "PortfolioKit.Observability";

    /// <summary>PK6xxx: how the solution is split into projects (the domain apart from infrastructure and web frameworks).</summary>
    public const string Architecture = "PortfolioKit.Architecture";

    /// <summary>PK9xxx: repository readiness (README, licence, CI, tests, dependency updates, secrets, Dockerfile).</summary>
    public const string Portfolio = "PortfolioKit.Portfolio";
}
