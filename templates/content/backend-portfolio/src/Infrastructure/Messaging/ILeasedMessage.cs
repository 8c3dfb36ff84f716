namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// A row of a table that competing processes take messages from under a lease: one claims a batch (sets
/// <see cref="LockedUntil"/> and <see cref="LockToken"/>), handles it, and deletes it; a crash before the delete means
/// the rows are taken again after the lease expires (at-least-once), which the handler's inbox turns into a no-op.
/// <see cref="LeasedMessageExtensions"/> holds the claim, retry, dead-letter, release and delete statements.
/// </summary>
public interface ILeasedMessage
{
    /// <summary>The message id: consumers record it to ignore a second delivery of the same message.</summary>
    Guid Id { get; }

    string Type { get; }

    string Payload { get; }

    /// <summary>UTC time before which the message is not handed out: now, or later while backing off after a failure.</summary>
    DateTime AvailableAt { get; }

    /// <summary>Failed attempts so far.</summary>
    int Attempts { get; }

    /// <summary>UTC end of the current claim; another process may take the message over after it.</summary>
    DateTime? LockedUntil { get; }

    /// <summary>Identifies the claim, so only the process holding it can complete or reschedule the message.</summary>
    Guid? LockToken { get; }

    string? LastError { get; }
}
