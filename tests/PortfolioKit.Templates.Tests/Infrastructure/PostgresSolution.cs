namespace PortfolioKit.Templates.Tests.Infrastructure;

public sealed class PostgresSolution() : EngineSolution("postgres");
