using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

/// <summary>
/// The README and repository findings issue 20 judged false or noisy on real repositories, each rebuilt from the shape
/// it describes: they must stay silent (or, for the noisy ones, say it once and say the right thing).
/// </summary>
public class ReadmePrecisionRegressionTests
{
    /// <summary>A fence opened in a list item and never closed ends with the item, as on GitHub; the sections after it count.</summary>
    [Fact]
    public Task PK9005_a_fence_left_open_in_a_list_item_ends_with_the_item() =>
        new RepositoryScenario().WithReadme("""
            # Shop

            Shop is an ordering API for a small online store.

            1. Restore the tools:
               ```bash
               dotnet tool restore
            2. Start it with `dotnet run --project src/Api`.

            ## Architecture

            The API writes orders and an outbox message in one transaction; a worker publishes them.
            """).VerifyAsync<ReadmeArchitectureAnalyzer>();

    /// <summary>"Entity Framework Migrations" is not the tech stack because it contains "Framework".</summary>
    [Fact]
    public Task PK9007_a_heading_that_only_contains_a_stack_word_is_not_the_stack() =>
        new RepositoryScenario().WithReadme("""
            # Shop

            Shop is an ordering API for a small online store.

            ## Entity Framework Migrations

            Migrations were first written for PostgreSQL and now run on SQLite.
            """).WithAssembly("Microsoft.Data.Sqlite").VerifyAsync<ReadmeTechStackMismatchAnalyzer>();

    [Fact]
    public Task PK9006_stack_headings_with_emoji_numbers_and_other_words_are_found() =>
        new RepositoryScenario().WithReadme("""
            # Shop

            Shop is an ordering API for a small online store.

            ## 🛠️ 3. Technologies used

            - ASP.NET Core 10, EF Core, PostgreSQL
            """).VerifyAsync<ReadmeTechStackAnalyzer>();

    /// <summary>"## Overview" followed by the description is the opening.</summary>
    [Fact]
    public Task PK9002_an_overview_section_is_the_opening() =>
        new RepositoryScenario().WithReadme("""
            # Shop

            ## Overview

            Shop is an ordering API for a small online store, with an outbox and a worker.

            ## Getting started

            Run it.
            """).VerifyAsync<ReadmeOpeningAnalyzer>();

    /// <summary>Without a test project, PK9104 says what is missing; PK9004 does not repeat it.</summary>
    [Fact]
    public Task PK9004_is_silent_when_the_repository_has_no_test_project() =>
        new RepositoryScenario().WithReadme("""
            # Shop

            Shop is an ordering API for a small online store.
            """).VerifyAsync<ReadmeTestCommandAnalyzer>();

    [Fact]
    public Task PK9004_still_reports_when_tests_exist_but_the_readme_does_not_say_how_to_run_them() =>
        new RepositoryScenario().WithReadme("""
            {|PK9004:# Shop|}

            Shop is an ordering API for a small online store.
            """).WithProject("tests/Shop.Tests/Shop.Tests.csproj").VerifyAsync<ReadmeTestCommandAnalyzer>();

    /// <summary>The same secret copied into three files is one finding that names the copies.</summary>
    [Fact]
    public Task PK9201_reports_a_secret_once_however_many_files_repeat_it() =>
        new RepositoryScenario()
            .With("src/Api/appsettings.json", "AppSettings", """{ "Smtp": { "Password": "hunter22" } }""")
            .With("src/Api/appsettings.Development.json", "AppSettings", """{ "Smtp": { "Password": "{|#0:hunter22|}" } }""")
            .With("src/Worker/appsettings.json", "AppSettings", """{ "Smtp": { "Password": "hunter22" }, "Jwt": { "Key": "{|#1:another-signing-key-2024|}" } }""")
            .VerifyAsync<SecretInAppSettingsAnalyzer>(
                new DiagnosticResult("PK9201", DiagnosticSeverity.Warning).WithLocation(0)
                    .WithArguments("The value of 'Smtp:Password'", "src/Api/appsettings.Development.json (and src/Api/appsettings.json, src/Worker/appsettings.json)"),
                new DiagnosticResult("PK9201", DiagnosticSeverity.Warning).WithLocation(1)
                    .WithArguments("The value of 'Jwt:Key'", "src/Worker/appsettings.json"));

    /// <summary>An nginx image is not told to use the .NET images' 'app' user.</summary>
    [Fact]
    public Task PK9202_advice_fits_the_image() =>
        new RepositoryScenario()
            .With("web/Dockerfile", "Dockerfile", """
                FROM node:22 AS build
                RUN npm ci && npm run build

                {|#0:FROM nginx:1.27-alpine|}
                COPY --from=build /app/dist /usr/share/nginx/html
                """)
            .With("src/Api/Dockerfile", "Dockerfile", """
                {|#1:FROM mcr.microsoft.com/dotnet/aspnet:10.0|}
                COPY out/ /app
                ENTRYPOINT ["dotnet", "/app/Api.dll"]
                """)
            .VerifyAsync<ContainerRunsAsRootAnalyzer>(
                new DiagnosticResult("PK9202", DiagnosticSeverity.Warning).WithLocation(1)
                    .WithArguments("src/Api/Dockerfile", "add 'USER app' (or 'USER $APP_UID'; the .NET images define that user) before the entry point"),
                new DiagnosticResult("PK9202", DiagnosticSeverity.Warning).WithLocation(0)
                    .WithArguments("web/Dockerfile", "base it on nginxinc/nginx-unprivileged (it runs as the 'nginx' user and listens on 8080) or run nginx as a non-root user"));
}
