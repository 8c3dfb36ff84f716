namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// The tests that put a generated solution under load with several processes (the crash tests and the scale-out
/// scenarios) take turns. Each keeps the two cores of a CI machine busy on its own; run together, and beside the other
/// tests, they starved one another and every app's HTTP answers until clients timed out.
/// </summary>
public static class LoadTests
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>Waits for this test's turn; dispose the result to end it.</summary>
    public static async Task<IAsyncDisposable> TakeTurnAsync()
    {
        await Turn.WaitAsync();
        return new Release();
    }

    private sealed class Release : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Turn.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
