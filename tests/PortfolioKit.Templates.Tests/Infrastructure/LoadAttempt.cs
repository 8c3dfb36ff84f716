using System.Net;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>What one request of a <see cref="HttpLoad"/> met: the replica it went to, and its answer or its failure.</summary>
public sealed record LoadAttempt(int Number, string Replica, bool ReplicaKilled, HttpStatusCode? Status, string Body, string? Error);
