using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9202ContainerRunsAsRootTests
{
    private static Task VerifyAsync(string dockerfile) =>
        new RepositoryScenario().With("Dockerfile", "Dockerfile", dockerfile).VerifyAsync<ContainerRunsAsRootAnalyzer>();

    [Fact]
    public Task Reports_a_final_stage_without_a_user_on_its_from_line() => VerifyAsync("""
        FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
        USER app
        RUN dotnet publish -o /app

        {|PK9202:FROM mcr.microsoft.com/dotnet/aspnet:10.0|}
        COPY --from=build /app .
        ENTRYPOINT ["dotnet", "Shop.Api.dll"]
        """);

    [Fact]
    public Task Reports_switching_back_to_root_on_the_user_line() => VerifyAsync("""
        FROM mcr.microsoft.com/dotnet/aspnet:10.0
        USER app
        COPY out/ .
        {|PK9202:USER root|}
        ENTRYPOINT ["dotnet", "Shop.Api.dll"]
        """);

    [Theory]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER app\nENTRYPOINT [\"dotnet\", \"a.dll\"]")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER $APP_UID")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\nCOPY out/ .")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nUSER app\n\nFROM base AS final\nCOPY out/ .")]
    [InlineData("FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/")]
    [InlineData("# escape=`\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nRUN echo a `\n    && echo b\nUSER 1000:1000")]
    public Task Accepts_a_non_root_final_stage(string dockerfile) => VerifyAsync(dockerfile);
}
