using PortfolioSample.Api.Common;
using PortfolioSample.Api.Features.Orders;
using PortfolioSample.Api.Hosting;
using PortfolioSample.Infrastructure.Hosting;
#if (UseRabbitMq)
using PortfolioSample.Infrastructure.Messaging.RabbitMq;
#elif (!NoMessaging)
using PortfolioSample.Infrastructure.Messaging;
#endif
using PortfolioSample.Infrastructure.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddObservability(OrderMetrics.MeterName);
builder.Services.AddSingleton<OrderMetrics>();

try
{
    builder.AddHostDefaults();
}
catch (DatabaseNotConfiguredException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

if (builder.Configuration.GetValue<bool>("Database:SeedDemoData"))
{
    builder.Services.AddDemoSeedData();
}

#if (UseRabbitMq)
// Placing an order writes an outbox message; a dispatcher in this process publishes it to RabbitMQ for src/Worker.
builder.Services.AddOutboxPublishing(builder.Configuration);
#elif (!NoMessaging)
// Placing an order writes an outbox message; a dispatcher in this process delivers it to the order worker.
builder.Services.AddInProcessMessaging(builder.Configuration);
#endif

builder.Services.AddStrictRequestHandling();
builder.Services.AddApiDocumentation();
builder.Services.AddHealthProbes();
builder.Services.AddApiRateLimiting(builder.Configuration);
builder.Services.AddApiCors(builder.Configuration);
#if (UseJwt)
builder.Services.AddApiAuthentication();
#endif

var app = builder.Build();

if (await app.MigrateDatabaseAsync(args))
{
    return 0; // `migrate`: the schema is up to date, and this process has nothing more to do.
}

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseCors();
#if (UseJwt)
app.UseAuthentication();
app.UseAuthorization();
#endif
app.UseRateLimiter();

app.MapApiDocumentation();
app.MapHealthProbes();

#if (UseJwt)
var api = app.MapGroup("/api").RequireRateLimiting(RateLimitingExtensions.PolicyName).RequireWriteScopeForChanges();
#else
var api = app.MapGroup("/api").RequireRateLimiting(RateLimitingExtensions.PolicyName);
#endif
// Every feature's endpoints (an IEndpointGroup under Features/), so a new feature slice needs no edit here.
api.MapEndpointGroups();

await app.RunAsync();
return 0;
