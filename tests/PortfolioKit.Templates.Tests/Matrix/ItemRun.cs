using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>The item templates' runs in a row, by key, and the highest ADR number the row had before them.</summary>
public sealed record ItemRun(IReadOnlyDictionary<string, ProcessResult> Runs, int HighestAdrBefore, IReadOnlyDictionary<string, string> LockFilesBefore);
