using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

public sealed class PostgresEngineTests(PostgresSolution solution)
    : DatabaseEngineTests(solution), IClassFixture<PostgresSolution>
{
    [DatabaseServerFact("postgres")]
    public void Postgres_output_is_clean_and_matches_its_snapshot() => Output_is_clean_and_matches_its_snapshot();

    [DatabaseServerFact("postgres")]
    public Task Generated_tests_skip_with_a_reason_without_a_server_or_docker() => Generated_tests_are_skipped_with_a_reason_without_a_server_or_docker();

    [DatabaseServerFact("postgres")]
    public Task Migrations_and_http_cycle_on_postgres() => Migrations_build_the_schema_from_scratch_and_the_app_serves_it();

    [DatabaseServerFact("postgres")]
    public Task Postgres_down_makes_readiness_unhealthy() => Unreachable_database_makes_readiness_unhealthy_with_one_actionable_error();
}
