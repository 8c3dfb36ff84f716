namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>The message cannot succeed however often it is retried; it goes straight to the dead letters.</summary>
public sealed class PoisonMessageException(string message) : Exception(message);
