namespace PortfolioKit.Templates.Tests.Infrastructure;

public sealed class SnapshotMismatchException(string message) : Exception(message);
