using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// Several instances, really running (issue 19, section 3): each scenario plays a rolling deployment of a generated
/// solution with real processes on the real servers, places at least 2,000 orders (or stock messages) through two
/// replicas at once, kills a replica of each role with SIGKILL part-way, starts replacements as a Deployment would,
/// and then checks in the database that every accepted unit took effect exactly once. The solutions are the option
/// matrix's rows (built and tested there once), and the scenarios run two at a time, since much of each is waiting
/// on a start-up, a lease or a poll (<see cref="ScaleOutRun"/>).
/// </summary>
public sealed class ScaleOutTests(TemplatePackFixture pack, ITestOutputHelper output) : IClassFixture<TemplatePackFixture>
{
    [ScaleOutFact(ScaleOutScenario.PostgresRabbitMq)]
    public Task Two_apis_and_two_workers_over_rabbitmq_on_postgresql_stay_exactly_once_through_sigkills() =>
        AssertScenarioAsync(ScaleOutScenario.PostgresRabbitMq);

    [ScaleOutFact(ScaleOutScenario.PostgresInProcess)]
    public Task Two_apis_each_dispatching_the_outbox_on_postgresql_stay_exactly_once_through_sigkills() =>
        AssertScenarioAsync(ScaleOutScenario.PostgresInProcess);

    [ScaleOutFact(ScaleOutScenario.MariaDbRabbitMq)]
    public Task Two_apis_and_two_workers_over_rabbitmq_on_mariadb_stay_exactly_once_through_sigkills() =>
        AssertScenarioAsync(ScaleOutScenario.MariaDbRabbitMq);

    [ScaleOutFact(ScaleOutScenario.WorkerDatabaseQueue)]
    public Task Two_worker_hosts_on_one_database_queue_stay_exactly_once_through_sigkills() =>
        AssertScenarioAsync(ScaleOutScenario.WorkerDatabaseQueue);

    private async Task AssertScenarioAsync(string name)
    {
        var run = await ScaleOutRun.RunOnceAsync(pack);
        var outcome = run.Outcomes[name];
        foreach (var line in outcome.Report)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"All {run.Outcomes.Count} scenarios ran, two at a time, in {run.Elapsed.TotalSeconds:F1} s (after the option matrix).");
        Assert.True(outcome.Problems.Count == 0, string.Join(Environment.NewLine, ["Scale-out scenario " + name + ":", .. outcome.Problems, string.Empty, .. outcome.Report]));
    }
}
