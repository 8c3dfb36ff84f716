using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// SIGSTOP and SIGCONT, which .NET has no API for: a crash test freezes an app while it reads the app's progress, so
/// that the SIGKILL which follows lands exactly at the progress it read, however late the test itself is scheduled.
/// </summary>
public static class ProcessSignals
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Freezes the process at once (the kernel stops it; it runs nothing until <see cref="Resume"/>).</summary>
    private static void Freeze(Process process) => Send(process, SigStop);

    private static void Resume(Process process) => Send(process, SigCont);

    /// <summary>
    /// Reads <paramref name="read"/> with the process frozen, every <paramref name="pollEvery"/>, until
    /// <paramref name="done"/> accepts the value; then kills the process with SIGKILL before it runs again, so it dies
    /// at exactly the state read. Returns that value, or throws if the process finished or the time ran out first.
    /// </summary>
    public static async Task<T> KillWhenAsync<T>(Process process, Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan pollEvery)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Freeze(process);
            var resume = true;
            try
            {
                var value = await read();
                if (done(value))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                    resume = false;
                    return value;
                }

                if (process.HasExited || deadline.Elapsed > timeout)
                {
                    throw new TimeoutException($"The process {(process.HasExited ? "exited" : "ran")} without reaching the state to kill it at; the last value read was {value}.");
                }
            }
            finally
            {
                if (resume && !process.HasExited)
                {
                    Resume(process);
                }
            }

            await Task.Delay(pollEvery);
        }
    }

    private static void Send(Process process, int signal)
    {
        if (SendSignal(process.Id, signal) != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
