using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>The per-engine `dotnet test` runs of the matrix and their counts per row.</summary>
public sealed record MatrixTestRun(IReadOnlyList<ProcessResult> Runs, IReadOnlyDictionary<string, RowTestResults> Results);
