using PortfolioSample.Infrastructure;
using PortfolioSample.Infrastructure.Messaging.RabbitMq;

// The order worker: consumes placed orders from RabbitMQ and confirms them. Run as many as you need; they compete
// for the same queue. The API owns the schema (it applies migrations), so the worker never migrates.
var builder = Host.CreateApplicationBuilder(args);

var connectionString = builder.Configuration.GetConnectionString("Database");
if (string.IsNullOrWhiteSpace(connectionString))
{
    await Console.Error.WriteLineAsync(
        "The connection string 'ConnectionStrings:Database' is not configured. Set it with " +
        "`dotnet user-secrets set ConnectionStrings:Database \"<connection string>\" --project src/Worker` in Development, " +
        "or the ConnectionStrings__Database environment variable elsewhere.");
    return 1;
}

#if (UseServerDatabase)
builder.Services.AddPersistence(connectionString, seedDemoData: false);
#else
builder.Services.AddPersistence(connectionString, builder.Environment.ContentRootPath, seedDemoData: false);
#endif
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRabbitMqWorker(builder.Configuration);

await builder.Build().RunAsync();
return 0;
