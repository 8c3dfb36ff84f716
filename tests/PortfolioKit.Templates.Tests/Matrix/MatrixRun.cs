using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// The matrix as built: its rows and folders, each backend-api row's twin, the item templates' runs, the one build,
/// and the generated tests, which run in the background once the build is done.
/// </summary>
public sealed record MatrixRun(
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyDictionary<string, string> Folders,
    IReadOnlyDictionary<string, string> Twins,
    IReadOnlyDictionary<string, ItemRun> Items,
    ProcessResult Build,
    Task<MatrixTestRun> Tests)
{
    /// <summary>
    /// The folder of the first built row that <paramref name="wanted"/> accepts, for a test that needs a built solution
    /// of that kind; <paramref name="description"/> says which in the message when the matrix has none.
    /// </summary>
    public string BuiltFolder(Func<MatrixRow, bool> wanted, string description) => Folders[BuiltRow(wanted, description).Id];

    /// <summary>The first built row that <paramref name="wanted"/> accepts.</summary>
    public MatrixRow BuiltRow(Func<MatrixRow, bool> wanted, string description)
    {
        var row = Rows.FirstOrDefault(wanted)
            ?? throw new InvalidOperationException(TestTier.IsFast
                ? $"The fast tier builds only the flagship; this test needs {description} and belongs to the full suite."
                : $"The option matrix has no {description} row; add a seed in MatrixPlan.Seeds or pick another row in this test.");
        Build.EnsureSuccess("The option matrix build (see OptionMatrixTests)");
        return row;
    }

    /// <summary>The generated tests' results for a row, once its engine's test run has finished.</summary>
    public async Task<RowTestResults?> TestResultsAsync(string id) =>
        (await Tests).Results.TryGetValue(id, out var results) ? results : null;
}

/// <summary>The generated rows: the matrix folder, the rows, each row's solution folder and each backend-api row's twin.</summary>
public sealed record MatrixGeneration(
    string Root,
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyDictionary<string, string> Folders,
    IReadOnlyDictionary<string, string> Twins);

/// <summary>The per-engine `dotnet test` runs of the matrix and their counts per row.</summary>
public sealed record MatrixTestRun(IReadOnlyList<ProcessResult> Runs, IReadOnlyDictionary<string, RowTestResults> Results);

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
