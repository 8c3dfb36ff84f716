namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>A row the suite needs: its name (null: the next adversarial name), its choices, and why it is there.</summary>
public sealed record MatrixSeed(string? Name, IReadOnlyDictionary<string, string> Choices, string Purpose);
