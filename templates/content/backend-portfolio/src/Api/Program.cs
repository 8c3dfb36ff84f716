using System.Text.Json.Serialization;
using PortfolioSample.Api.Features.Orders;
using PortfolioSample.Api.Features.Products;
using PortfolioSample.Api.Hosting;
using PortfolioSample.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddObservability();

builder.Services.AddPersistence(
    builder.Configuration.GetConnectionString("Database")
        ?? throw new InvalidOperationException("Connection string 'ConnectionStrings:Database' is not configured."),
    builder.Environment.ContentRootPath);
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
// Always throw on unreadable requests (not only in Development) so BadRequestExceptionHandler answers them.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddValidation();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddApiDocumentation();
builder.Services.AddApiHealthChecks();
builder.Services.AddApiRateLimiting(builder.Configuration);
builder.Services.AddApiCors(builder.Configuration);

var app = builder.Build();

// `dotnet Api.dll migrate` applies migrations and exits: the way to update a database outside Development
// (a deployment step or a container's init job), so that running replicas never race to migrate.
if (args is ["migrate"])
{
    await app.Services.MigrateDatabaseAsync();
    return;
}

if (app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
{
    await app.Services.MigrateDatabaseAsync();
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
app.UseRateLimiter();

app.MapApiDocumentation();
app.MapApiHealthChecks();

var api = app.MapGroup("/api").RequireRateLimiting(RateLimitingExtensions.PolicyName);
api.MapProductEndpoints();
api.MapOrderEndpoints();

await app.RunAsync();
