namespace PortfolioKit.Templates.Tests.Infrastructure;

public sealed record ScaleOutResults(IReadOnlyDictionary<string, ScaleOutOutcome> Outcomes, TimeSpan Elapsed);
