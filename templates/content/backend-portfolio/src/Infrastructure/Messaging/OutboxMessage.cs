namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// A message waiting to be delivered, written in the same transaction as the change that caused it. The dispatcher
/// claims a row with a lease (<see cref="LockedUntil"/>, <see cref="LockToken"/>), delivers it, and deletes it; a
/// crash before the delete means the row is delivered again after the lease expires (at-least-once).
/// </summary>
public sealed class OutboxMessage : ILeasedMessage
{
    public const int ErrorMaxLength = LeasedMessageExtensions.ErrorMaxLength;

    // For EF Core materialisation.
    private OutboxMessage()
    {
        Type = string.Empty;
        Payload = string.Empty;
    }

    public OutboxMessage(Guid id, string type, string payload, DateTime availableAt)
    {
        Id = id;
        Type = type;
        Payload = payload;
        AvailableAt = availableAt;
    }

    /// <summary>The message id: consumers record it to ignore a second delivery of the same message.</summary>
    public Guid Id { get; private set; }

    public string Type { get; private set; }

    public string Payload { get; private set; }

    /// <summary>UTC time before which the message is not delivered: now, or later while backing off after a failure.</summary>
    public DateTime AvailableAt { get; private set; }

    /// <summary>Failed delivery attempts so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>UTC end of the current claim; another dispatcher may take the message over after it.</summary>
    public DateTime? LockedUntil { get; private set; }

    /// <summary>Identifies the claim, so only the dispatcher holding it can complete or reschedule the message.</summary>
    public Guid? LockToken { get; private set; }

    public string? LastError { get; private set; }
}
