using System.Diagnostics;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Runs every scale-out scenario once per test run, two at a time and in turn with the crash tests
/// (<see cref="LoadTests"/>), on the option matrix's built rows; each
/// test of <see cref="ScaleOutTests"/> then reads its scenario's outcome. A scenario whose servers are not configured
/// (off CI) is left out, and its test is skipped with the reason.
/// </summary>
public static class ScaleOutRun
{
    /// <summary>Units (orders or messages) each scenario has accepted at least: PK_SCALE_UNITS, else 2,000 (what CI runs).</summary>
    public static int Units =>
        int.TryParse(Environment.GetEnvironmentVariable("PK_SCALE_UNITS"), System.Globalization.CultureInfo.InvariantCulture, out var units) && units > 0 ? units : 2000;

    public static Task<ScaleOutResults> RunOnceAsync(TemplatePackFixture pack) => pack.OnceAsync("scale-out", () => RunAsync(pack));

    private static async Task<ScaleOutResults> RunAsync(TemplatePackFixture pack)
    {
        var matrix = await OptionMatrix.RunOnceAsync(pack);
        // After the rows' own tests, which use the same servers: a scenario's SIGKILLs and load beside the MariaDB
        // row's tests once left two of their connections killed on the server and the test host waiting forever.
        await matrix.Tests;
        await using var turn = await LoadTests.TakeTurnAsync();
        var stopwatch = Stopwatch.StartNew();
        // Two scenarios at a time: each runs four processes and sixteen clients, and much of it is waiting on a
        // start-up, a lease or a poll, but four at once starved one another on two cores.
        using var slots = new SemaphoreSlim(2);
        var outcomes = await Task.WhenAll(ScaleOutScenario.All
            .Where(scenario => scenario.SkipReason is null)
            .Select(async scenario =>
            {
                await slots.WaitAsync();
                try
                {
                    return (scenario.Name, Outcome: await scenario.RunAsync(matrix, Units));
                }
                finally
                {
                    slots.Release();
                }
            }));
        return new ScaleOutResults(outcomes.ToDictionary(entry => entry.Name, entry => entry.Outcome, StringComparer.Ordinal), stopwatch.Elapsed);
    }
}
