using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// `--messaging rabbitmq` on SQLite: the option matrix's row (built, and its tests run against the broker, there), and
/// `Acme.Orders` generated with `--messaging rabbitmq` for the snapshot.
/// </summary>
public sealed class RabbitMqSolution : IAsyncLifetime
{
    private readonly TemplatePackFixture _pack = new();

    /// <summary>The built matrix row: SQLite (the test reads the file the API and the worker share), anonymous writes.</summary>
    public string Folder { get; private set; } = string.Empty;

    public string SnapshotFolder { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Broker.SkipReason is null)
        {
            await _pack.InitializeAsync();
            var run = await OptionMatrix.RunOnceAsync(_pack);
            Folder = run.BuiltFolder(
                row => row.Template == "backend-portfolio" && row.Engine == "sqlite" && row.UsesRabbitMq && row.Choices["auth"] == "none",
                "backend-portfolio with RabbitMQ on SQLite without --auth jwt");
            SnapshotFolder = await _pack.GenerateAsync("backend-portfolio", "Acme.Orders", "--messaging", "rabbitmq");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public string WorkerAssembly =>
        Directory.GetFiles(Path.Combine(Folder, "src", "Worker", "bin", "Release", "net10.0"), "*.Worker.dll").Single();
}
