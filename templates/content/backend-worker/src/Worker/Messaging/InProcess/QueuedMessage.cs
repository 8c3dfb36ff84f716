namespace PortfolioSample.Worker.Messaging.InProcess;

/// <summary>
/// A message waiting in the database queue. The consumer claims a row with a lease (<see cref="LockedUntil"/>,
/// <see cref="LockToken"/>), handles it, and deletes it; a crash before the delete means the row is handled again
/// after the lease expires (at-least-once), which the handler's inbox turns into a no-op.
/// </summary>
public sealed class QueuedMessage : ILeasedMessage
{
    public const int ErrorMaxLength = LeasedMessageExtensions.ErrorMaxLength;

    // For EF Core materialisation.
    private QueuedMessage()
    {
        Type = string.Empty;
        Payload = string.Empty;
    }

    public QueuedMessage(Guid id, string type, string payload, DateTime enqueuedAt)
    {
        Id = id;
        Type = type;
        Payload = payload;
        EnqueuedAt = enqueuedAt;
        AvailableAt = enqueuedAt;
    }

    /// <summary>The message id: the consumer records it to ignore a second delivery of the same message.</summary>
    public Guid Id { get; private set; }

    public string Type { get; private set; }

    public string Payload { get; private set; }

    /// <summary>UTC time the message was queued.</summary>
    public DateTime EnqueuedAt { get; private set; }

    /// <summary>UTC time before which the message is not handed out: now, or later while backing off after a failure.</summary>
    public DateTime AvailableAt { get; private set; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>UTC end of the current claim; another consumer may take the message over after it.</summary>
    public DateTime? LockedUntil { get; private set; }

    /// <summary>Identifies the claim, so only the consumer holding it can complete or reschedule the message.</summary>
    public Guid? LockToken { get; private set; }

    public string? LastError { get; private set; }
}
