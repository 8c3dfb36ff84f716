using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9203SingleStageContainerBuildTests
{
    private static Task VerifyAsync(string dockerfile) =>
        new RepositoryScenario().With("src/Api/Dockerfile", "Dockerfile", dockerfile).VerifyAsync<SingleStageContainerBuildAnalyzer>();

    [Fact]
    public Task Reports_building_in_the_sdk_image() => VerifyAsync("""
        # syntax=docker/dockerfile:1
        {|PK9203:FROM mcr.microsoft.com/dotnet/sdk:10.0|}
        COPY . .
        RUN dotnet publish src/Api -c Release -o /app
        ENTRYPOINT ["dotnet", "/app/Shop.Api.dll"]
        """);

    [Fact]
    public Task Reports_a_node_build_in_one_stage() => VerifyAsync("""
        {|PK9203:FROM node:22|}
        COPY . .
        RUN npm ci \
            && npm run build
        """);

    [Theory]
    [InlineData("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app .")]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY bin/Release/net10.0/publish/ .\nUSER app")]
    [InlineData("")]
    public Task Accepts_a_multi_stage_build_or_a_runtime_only_image(string dockerfile) => VerifyAsync(dockerfile);
}
