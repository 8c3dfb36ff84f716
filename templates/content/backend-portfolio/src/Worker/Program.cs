using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PortfolioSample.Infrastructure.Hosting;
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
using PortfolioSample.Infrastructure.Persistence;

// The order worker: consumes placed orders from RabbitMQ and confirms them. Run as many as you need; they compete
// for the same queue. The API owns the schema (its `migrate` command applies migrations), so the worker never
// migrates. Its only HTTP surface is /health/live and /health/ready, for an orchestrator's probes.
var builder = WebApplication.CreateBuilder(args);

try
{
    builder.AddHostDefaults();
}
catch (DatabaseNotConfiguredException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

builder.Services.AddRabbitMqWorker(builder.Configuration);
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseSchemaHealthCheck>("database", tags: ["ready"])
    .AddCheck<BrokerHealthCheck>(BrokerHealthCheck.Name, tags: ["ready"]);

// Probes reach the health endpoints on the port the container sets (ASPNETCORE_HTTP_PORTS=8080 in the Dockerfile).
// Started with no port or URL at all (by hand, or several on one machine), it takes any free loopback port rather
// than Kestrel's default 5000, so that any number of workers run side by side.
if (string.IsNullOrEmpty(builder.Configuration["urls"])
    && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
}

var app = builder.Build();

// Liveness: the process answers. Readiness: the database has the current schema and the broker is reachable.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

await app.RunAsync();
return 0;
