#if (UseMySql)
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// EF Core takes its migration lock with GET_LOCK, whose names are global to the server: the lock must hold up the
/// migrations of one database, never those of every database on a shared server (ADR 5).
/// </summary>
public sealed class MigrationLockTests
{
    [DatabaseFact]
    public async Task A_migration_lock_left_held_on_one_database_does_not_hold_up_another()
    {
        await using var lockedDatabase = new TestDatabase();
        await using var otherDatabase = new TestDatabase();
        await lockedDatabase.InitializeAsync();
        await otherDatabase.InitializeAsync();

        await using var lockedServices = Persistence(lockedDatabase.ConnectionString);
        await using var lockedScope = lockedServices.CreateAsyncScope();
        var locked = lockedScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await locked.Database.MigrateAsync();

        // The lock a migration of the first database takes, held on: a migration in progress, or one that crashed.
        await using var held = await locked.GetService<IHistoryRepository>().AcquireDatabaseLockAsync();

        await using var otherServices = Persistence(otherDatabase.ConnectionString);
        await using var otherScope = otherServices.CreateAsyncScope();
        var other = otherScope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Had it to wait for the first database's lock, it would wait as long as that is held: a minute fails the test.
        await other.Database.MigrateAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Empty(await other.Database.GetPendingMigrationsAsync());
    }

    private static ServiceProvider Persistence(string connectionString) =>
        new ServiceCollection().AddPersistence(connectionString).BuildServiceProvider();
}
#endif
