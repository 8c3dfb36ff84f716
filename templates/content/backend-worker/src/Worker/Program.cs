using PortfolioSample.Worker.Features.DeadLetters;
using PortfolioSample.Worker.Features.Intake;
using PortfolioSample.Worker.Features.Stock;
using PortfolioSample.Worker.Hosting;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;

// The worker host: a background consumer of the queue, plus a small HTTP surface for probes (/health/live,
// /health/ready), the intake that puts messages in, and what the consumer did (stock levels, dead letters).
var builder = WebApplication.CreateBuilder(args);

builder.AddObservability(WorkerMetrics.MeterName);

try
{
    builder.AddHostDefaults();
}
catch (DatabaseNotConfiguredException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

builder.Services.AddMessaging(builder.Configuration);
builder.Services.AddStrictRequestHandling();
builder.Services.AddWorkerDocumentation();
builder.Services.AddHealthProbes();

var app = builder.Build();

if (await app.MigrateDatabaseAsync(args))
{
    return 0; // `migrate`: the schema is up to date, and this process has nothing more to do.
}

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapHealthProbes();
// The contract of the endpoints below, at /openapi/v1.json.
app.MapOpenApi();

var api = app.MapGroup("/api");
if (app.Configuration.GetValue<bool>("Intake:Enabled"))
{
    api.MapIntakeEndpoints();
}

api.MapStockEndpoints();
api.MapDeadLetterEndpoints();

// Stopping (Ctrl+C, SIGTERM from `docker stop` or Kubernetes) lets the consumer finish the message in hand and give
// the rest back to the queue within HostOptions:ShutdownTimeout.
await app.RunAsync();
return 0;
