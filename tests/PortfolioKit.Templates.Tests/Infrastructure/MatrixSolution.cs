using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A class fixture for tests about one built row of the option matrix (<see cref="OptionMatrix"/>): the row, its
/// folder, and the matrix run with the build and the generated tests' results.
/// </summary>
public abstract class MatrixSolution(Func<MatrixRow, bool> wanted, string description) : IAsyncLifetime
{
    public TemplatePackFixture Pack { get; } = new();

    public MatrixRun Run { get; private set; } = null!;

    public MatrixRow Row { get; private set; } = null!;

    public string Folder => Run.Folders[Row.Id];

    public virtual async Task InitializeAsync()
    {
        await Pack.InitializeAsync();
        Run = await OptionMatrix.RunOnceAsync(Pack);
        Row = Run.BuiltRow(wanted, description);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The row's own tests, as the matrix ran them; fails with the run's output when there are none.</summary>
    public async Task<RowTestResults> TestResultsAsync()
    {
        var results = await Run.TestResultsAsync(Row.Id);
        var runs = (await Run.Tests).Runs;
        return results ?? throw new InvalidOperationException(
            $"No test results for {Row}:{Environment.NewLine}{string.Join(Environment.NewLine, runs.Select(run => run.Output[^Math.Min(4000, run.Output.Length)..]))}");
    }
}
