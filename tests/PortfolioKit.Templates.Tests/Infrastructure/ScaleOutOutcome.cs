namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>What one scale-out scenario found (empty: exactly once throughout) and what it measured, for the test output.</summary>
public sealed record ScaleOutOutcome(IReadOnlyList<string> Problems, IReadOnlyList<string> Report);
