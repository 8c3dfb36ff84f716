namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// A template whose output a row's template must reproduce file for file (but for random ports and secrets ids) when
/// given one more option: then building the row builds both.
/// </summary>
public sealed record TwinTemplate(string Template, string Option, string Value);
