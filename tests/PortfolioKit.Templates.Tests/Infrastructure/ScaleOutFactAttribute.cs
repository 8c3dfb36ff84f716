namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A scale-out test, skipped off CI when a server its scenario needs is not configured.</summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute(string scenario) => Skip = ScaleOutScenario.All.Single(candidate => candidate.Name == scenario).SkipReason;
}
