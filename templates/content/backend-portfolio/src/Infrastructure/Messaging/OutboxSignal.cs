using System.Threading.Channels;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// Wakes this process's outbox dispatcher when a save here committed outbox messages, so that they leave at once rather
/// than at its next poll: what a placed order waits before its message is delivered is then a round trip, not half the
/// polling interval. The dispatcher still polls, for messages that other processes saved and for retries that fall due.
/// </summary>
public sealed class OutboxSignal
{
    // At most one wake-up waits: any number of saves before the dispatcher looks are one look.
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Outbox messages were committed.</summary>
    public void Notify() => _pending.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Notify"/> was called (since the last wait) or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notified = _pending.Reader.WaitToReadAsync(waiting.Token).AsTask();
        // WhenAny does not throw; cancelling then ends whichever wait is left (as cancelled, which nobody observes).
        await Task.WhenAny(notified, Task.Delay(timeout, clock, waiting.Token));
        await waiting.CancelAsync();
        _pending.Reader.TryRead(out _);
    }
}
