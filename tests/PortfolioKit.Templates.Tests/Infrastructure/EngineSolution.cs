using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A `backend-portfolio` solution on a server engine: the option matrix's row for that engine (built and tested there
/// once, against the server), and `Acme.Orders` generated with `--database &lt;engine&gt;` for the snapshot.
/// </summary>
public abstract class EngineSolution(string engine) : IAsyncLifetime
{
    private readonly TemplatePackFixture _pack = new();

    public DatabaseServer Server { get; } = DatabaseServer.For(engine);

    /// <summary>The built matrix row: anonymous writes (no --auth jwt) and no broker, so plain HTTP calls work.</summary>
    public string Folder { get; private set; } = string.Empty;

    public string SnapshotFolder { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Server.SkipReason is not null)
        {
            return;
        }

        await _pack.InitializeAsync();
        var run = await OptionMatrix.RunOnceAsync(_pack);
        Folder = run.BuiltFolder(
            row => row.Template == "backend-portfolio" && row.Engine == engine && row.Choices["auth"] == "none" && !row.UsesRabbitMq,
            $"backend-portfolio on {engine} without --auth jwt and RabbitMQ");
        SnapshotFolder = await _pack.GenerateAsync("backend-portfolio", "Acme.Orders", "--database", engine);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
