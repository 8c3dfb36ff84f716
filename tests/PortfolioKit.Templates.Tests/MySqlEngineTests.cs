using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

public sealed class MySqlEngineTests(MySqlSolution solution)
    : DatabaseEngineTests(solution), IClassFixture<MySqlSolution>
{
    [DatabaseServerFact("mysql")]
    public void MySql_output_is_clean_and_matches_its_snapshot() => Output_is_clean_and_matches_its_snapshot();

    [DatabaseServerFact("mysql")]
    public Task Generated_tests_skip_with_a_reason_without_a_server_or_docker() => Generated_tests_are_skipped_with_a_reason_without_a_server_or_docker();

    [DatabaseServerFact("mysql")]
    public Task Migrations_and_http_cycle_on_mariadb() => Migrations_build_the_schema_from_scratch_and_the_app_serves_it();

    [DatabaseServerFact("mysql")]
    public Task MariaDb_down_makes_readiness_unhealthy() => Unreachable_database_makes_readiness_unhealthy_with_one_actionable_error();
}
