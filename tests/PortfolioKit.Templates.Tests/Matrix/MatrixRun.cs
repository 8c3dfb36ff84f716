using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// The matrix as built: its rows and folders, each backend-api row's twin, the item templates' runs, the one build,
/// and what runs in the background once the build is done: the generated tests, and each row's exercise over HTTP
/// (<see cref="RowExercise"/>, by row id; none when the build failed).
/// </summary>
public sealed record MatrixRun(
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyDictionary<string, string> Folders,
    IReadOnlyDictionary<string, string> Twins,
    IReadOnlyDictionary<string, ItemRun> Items,
    ProcessResult Build,
    Task<MatrixTestRun> Tests,
    IReadOnlyDictionary<string, Task<string>> Exercises)
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
