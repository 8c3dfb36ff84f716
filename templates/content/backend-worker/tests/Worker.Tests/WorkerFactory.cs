using Microsoft.AspNetCore.Hosting;

namespace PortfolioSample.Worker.Tests;

/// <summary>
/// The worker host (<see cref="AppFactory"/>) with its HTTP intake on. The consumer does not run in the background
/// here: tests that need it drive it step by step on <see cref="AppFactory.Clock"/>, or use a factory that turns it on.
/// </summary>
public class WorkerFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Intake:Enabled", "true");
        builder.UseSetting("Messaging:ConsumerEnabled", "false");
    }
}
