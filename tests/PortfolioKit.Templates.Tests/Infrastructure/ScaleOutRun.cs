using System.Diagnostics;
using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>What one scale-out scenario found (empty: exactly once throughout) and what it measured, for the test output.</summary>
public sealed record ScaleOutOutcome(IReadOnlyList<string> Problems, IReadOnlyList<string> Report);

public sealed record ScaleOutResults(IReadOnlyDictionary<string, ScaleOutOutcome> Outcomes, TimeSpan Elapsed);

/// <summary>
/// Runs every scale-out scenario once per test run, all at the same time, on the option matrix's built rows; each
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
        var stopwatch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(ScaleOutScenario.All
            .Where(scenario => scenario.SkipReason is null)
            .Select(async scenario => (scenario.Name, Outcome: await scenario.RunAsync(matrix, Units))));
        return new ScaleOutResults(outcomes.ToDictionary(entry => entry.Name, entry => entry.Outcome, StringComparer.Ordinal), stopwatch.Elapsed);
    }
}

/// <summary>A scale-out test, skipped off CI when a server its scenario needs is not configured.</summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute(string scenario) => Skip = ScaleOutScenario.All.Single(candidate => candidate.Name == scenario).SkipReason;
}
