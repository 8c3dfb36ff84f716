namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A theory that needs kubectl and node; skipped off CI when either is missing.</summary>
public sealed class KubernetesToolsTheoryAttribute : TheoryAttribute
{
    public KubernetesToolsTheoryAttribute() => Skip = KubernetesManifests.SkipReason;
}
