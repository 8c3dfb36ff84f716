namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// A message that could not be handled: malformed, about something that does not exist, or still failing after
/// every retry. It keeps the payload and the reason so a person can inspect it, fix the cause and replay it.
/// </summary>
public sealed class DeadLetter
{
    public const int ReasonMaxLength = 2000;

    // For EF Core materialisation.
    private DeadLetter()
    {
        Type = string.Empty;
        Payload = string.Empty;
        Reason = string.Empty;
    }

    public DeadLetter(Guid messageId, string type, string payload, string reason, int attempts, DateTimeOffset deadLetteredAt)
    {
        MessageId = messageId;
        Type = type;
        Payload = payload;
        Reason = reason.Length <= ReasonMaxLength ? reason : reason[..ReasonMaxLength];
        Attempts = attempts;
        DeadLetteredAt = deadLetteredAt;
    }

    public int Id { get; private set; }

    public Guid MessageId { get; private set; }

    public string Type { get; private set; }

    public string Payload { get; private set; }

    public string Reason { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset DeadLetteredAt { get; private set; }

    /// <summary>
    /// Why a message failed, as its dead letter's reason: the innermost exception, because providers wrap the cause (a
    /// timeout, a constraint) in exceptions whose own message says nothing about it.
    /// </summary>
    public static string ReasonFor(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var cause = exception.GetBaseException();
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
