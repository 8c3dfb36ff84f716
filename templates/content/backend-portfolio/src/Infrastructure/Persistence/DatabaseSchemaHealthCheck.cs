using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PortfolioSample.Infrastructure.Persistence;

/// <summary>
/// Ready only when the database answers and every migration is applied: a reachable database without its tables
/// would otherwise be reported ready and fail every request. Every process that uses the database checks it the same
/// way: none of them is ready before the migrate command has run.
/// </summary>
public sealed class DatabaseSchemaHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, starting with {pending[0]}. Run the `migrate` command.");
    }
}
