namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>The generated rows: the matrix folder, the rows, each row's solution folder and each backend-api row's twin.</summary>
public sealed record MatrixGeneration(
    string Root,
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyDictionary<string, string> Folders,
    IReadOnlyDictionary<string, string> Twins);
