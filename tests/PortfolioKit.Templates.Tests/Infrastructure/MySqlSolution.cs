namespace PortfolioKit.Templates.Tests.Infrastructure;

public sealed class MySqlSolution() : EngineSolution("mysql");
