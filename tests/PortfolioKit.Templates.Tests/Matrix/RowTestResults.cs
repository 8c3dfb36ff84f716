namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// What a row's tests did; <paramref name="Failures"/> names each failed test with its message, and
/// <paramref name="PassedTests"/> are the full names of the tests that passed.
/// </summary>
public sealed record RowTestResults(int Passed, int Failed, int Skipped, IReadOnlyList<string> Failures, IReadOnlyList<string> PassedTests)
{
    public static RowTestResults operator +(RowTestResults left, RowTestResults right) => new(
        left.Passed + right.Passed,
        left.Failed + right.Failed,
        left.Skipped + right.Skipped,
        [.. left.Failures, .. right.Failures],
        [.. left.PassedTests, .. right.PassedTests]);

    /// <summary>How many tests of <paramref name="testClass"/> (its simple name) passed.</summary>
    public int PassedIn(string testClass) => PassedTests.Count(test => test.Contains($".{testClass}.", StringComparison.Ordinal));

    /// <summary>The counts and the first failures: a row where everything fails still gives a readable message.</summary>
    public override string ToString()
    {
        const int Shown = 10;
        var failures = string.Concat(Failures.Take(Shown).Select(failure => Environment.NewLine + "  " + failure));
        return $"{Passed} passed, {Failed} failed, {Skipped} skipped{failures}" + (Failures.Count > Shown ? $"{Environment.NewLine}  ... and {Failures.Count - Shown} more" : string.Empty);
    }
}
