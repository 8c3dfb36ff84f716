using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9007ReadmeTechStackMismatchTests
{
    private const string Npgsql = """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" /></ItemGroup></Project>""";
    private const string Sqlite = """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" /></ItemGroup></Project>""";

    [Fact]
    public Task Reports_a_database_the_code_does_not_use_and_the_one_it_does() =>
        new RepositoryScenario()
            .WithReadme("""
                # Shop

                An ordering API.

                {|#1:## Tech stack|}

                - ASP.NET Core minimal APIs
                {|#0:- EF Core with PostgreSQL|}
                """)
            .WithProject("src/Infrastructure/Infrastructure.csproj", Sqlite)
            .VerifyAsync<ReadmeTechStackMismatchAnalyzer>(
                new DiagnosticResult("PK9007", DiagnosticSeverity.Warning).WithLocation(1)
                    .WithArguments("The code uses SQLite (Microsoft.EntityFrameworkCore.Sqlite), but the README's tech stack does not name it"),
                new DiagnosticResult("PK9007", DiagnosticSeverity.Warning).WithLocation(0)
                    .WithArguments("The tech stack names PostgreSQL, but no project references a PostgreSQL client (Npgsql); remove it or say it is planned elsewhere"));

    [Fact]
    public Task Reports_a_broker_the_compilation_references_but_the_stack_leaves_out() =>
        new RepositoryScenario()
            .WithReadme("""
                # Shop

                An ordering API.

                {|PK9007:## Built with|}

                - ASP.NET Core
                """)
            .WithAssembly("RabbitMQ.Client")
            .VerifyAsync<ReadmeTechStackMismatchAnalyzer>();

    [Fact]
    public Task Accepts_a_stack_that_matches_the_project_files() =>
        new RepositoryScenario()
            .WithReadme("""
                # Shop

                An ordering API.

                ## Tech stack

                ![PostgreSQL](https://img.shields.io/badge/PostgreSQL-17-blue) EF Core with Postgres (Npgsql)
                """)
            .WithProject("src/Infrastructure/Infrastructure.csproj", Npgsql)
            .VerifyAsync<ReadmeTechStackMismatchAnalyzer>();

    [Fact]
    public Task Accepts_mariadb_for_a_mysql_provider_and_ignores_test_only_sqlite() =>
        new RepositoryScenario()
            .WithReadme("""
                # Shop

                An ordering API.

                **Tech stack:** .NET 10, EF Core, MariaDB.
                """)
            .WithProject("src/Infrastructure/Infrastructure.csproj", """<Project><ItemGroup><PackageReference Include="MySql.EntityFrameworkCore" /></ItemGroup></Project>""")
            .WithProject("tests/Api.Tests/Api.Tests.csproj", Sqlite)
            .VerifyAsync<ReadmeTechStackMismatchAnalyzer>();

    [Fact]
    public Task Accepts_a_database_only_the_compilation_references() =>
        new RepositoryScenario()
            .WithReadme("# Shop\n\nAn ordering API.\n\n## Tech stack\n\n- Redis for the cache\n")
            .WithAssembly("StackExchange.Redis")
            .VerifyAsync<ReadmeTechStackMismatchAnalyzer>();

    [Fact]
    public Task Leaves_a_readme_without_a_stack_to_PK9006() =>
        new RepositoryScenario()
            .WithReadme("# Shop\n\nAn ordering API on PostgreSQL.\n")
            .WithProject("src/Infrastructure/Infrastructure.csproj", Sqlite)
            .VerifyAsync<ReadmeTechStackMismatchAnalyzer>();
}
