using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// `dotnet new backend-portfolio -n Acme.Orders` with every default: the option matrix's flagship row, built there
/// with every other row and its own tests run there.
/// </summary>
public sealed class AcmeOrdersSolution() : MatrixSolution(
    row => row.Template == "backend-portfolio" && row.Name == MatrixPlan.FlagshipName,
    "flagship (backend-portfolio -n Acme.Orders)")
{
    private readonly Lock _gate = new();
    private Task<RunningApp>? _app;

    /// <summary>
    /// The API started once for the tests of a class that only talk to it over HTTP, as `dotnet run` starts it (in
    /// Development, on its own SQLite file): every start costs seconds of CPU, and these tests change nothing that
    /// another reads. It stops with the fixture.
    /// </summary>
    public Task<RunningApp> AppAsync()
    {
        lock (_gate)
        {
            return _app ??= RunningApp.StartAsync(GeneratedSolution.ApiAssembly(Folder));
        }
    }

    public override async Task DisposeAsync()
    {
        // A start that failed has stopped its process already.
        if (_app is { IsCompletedSuccessfully: true } started)
        {
            await (await started).DisposeAsync();
        }
    }
}
