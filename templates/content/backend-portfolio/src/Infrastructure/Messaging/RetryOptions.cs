using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// How a message that keeps failing is retried: with exponential backoff, up to <see cref="MaxAttempts"/>, then
/// dead-lettered. The settings are part of the "Messaging" configuration section.
/// </summary>
public abstract class RetryOptions
{
    /// <summary>Attempts before a message that keeps failing goes to the dead letters.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; it doubles after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The exponential backoff before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failedAttempts);
        var delay = RetryBaseDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }

    /// <summary>Whether a failure ends the message's attempts: poison at once, anything else after <see cref="MaxAttempts"/>.</summary>
    public bool IsFinal(Exception exception, int attempts) => exception is PoisonMessageException || attempts >= MaxAttempts;
}
