using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK2005DbContextInLongLivedServiceTests
{
    [Fact]
    public Task Reports_a_context_injected_into_a_hosted_service() =>
        Verify<DbContextInLongLivedServiceAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Cleanup({|PK2005:AppDb db|}) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => db.SaveChangesAsync(stoppingToken);
            }

            public class Seeder : IHostedService
            {
                private readonly AppDb _db;

                public Seeder({|PK2005:AppDb db|}) => _db = db;

                public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Reports_a_singleton_that_takes_a_context() =>
        Verify<DbContextInLongLivedServiceAnalyzer>.LibraryAsync("""
            using Microsoft.Extensions.DependencyInjection;

            public interface ITodoCache { }

            public class TodoCache(AppDb db) : ITodoCache { }

            public static class Registration
            {
                public static void Register(IServiceCollection services)
                {
                    {|PK2005:services.AddSingleton<ITodoCache, TodoCache>()|};
                    {|PK2005:services.AddSingleton<TodoCache>()|};
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_scope_factories_and_context_factories() =>
        Verify<DbContextInLongLivedServiceAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public class Cleanup(IServiceScopeFactory scopes, IDbContextFactory<AppDb> contexts) : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var scope = scopes.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                    await using var other = await contexts.CreateDbContextAsync(stoppingToken);
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_scoped_registrations_and_factory_singletons() =>
        Verify<DbContextInLongLivedServiceAnalyzer>.LibraryAsync("""
            using Microsoft.Extensions.DependencyInjection;

            public class TodoService(AppDb db) { }

            public class Clock { }

            public static class Registration
            {
                public static void Register(IServiceCollection services)
                {
                    services.AddScoped<TodoService>();
                    services.AddSingleton<Clock>();
                    services.AddSingleton(sp => new TodoService(sp.GetRequiredService<AppDb>()));
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_a_context_passed_to_a_method_of_a_hosted_service() =>
        Verify<DbContextInLongLivedServiceAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public class Cleanup : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

                public static Task Purge(AppDb db) => db.SaveChangesAsync();
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<DbContextInLongLivedServiceAnalyzer>.IncompleteAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class R { void M(IServiceCollection s) { s.AddSingleton<
            """ + Snippets.TodoModel, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
