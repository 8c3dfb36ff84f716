using PortfolioKit.Analyzers.Portfolio;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules.Portfolio;

public class PK9002ReadmeOpeningTests
{
    private static Task VerifyAsync(string readme) => new RepositoryScenario().WithReadme(readme).VerifyAsync<ReadmeOpeningAnalyzer>();

    [Fact]
    public Task Reports_a_section_straight_after_the_title() => VerifyAsync("""
        # Shop

        {|PK9002:## Getting started|}

        Run it.
        """);

    [Fact]
    public Task Reports_badges_without_a_word_of_description() => VerifyAsync("""
        # Shop

        [![CI](https://github.com/a/b/actions/workflows/ci.yml/badge.svg)](https://github.com/a/b/actions)

        {|PK9002:## Usage|}
        """);

    [Fact]
    public Task Reports_an_opening_too_short_to_say_anything() => VerifyAsync("""
        # Shop

        {|PK9002:My portfolio project.|}

        ## Usage
        """);

    [Fact]
    public Task Reports_placeholder_text_even_when_it_is_long() => VerifyAsync("""
        # Shop

        {|PK9002:TODO: write what this service does and why anyone would want to run it.|}

        ## Usage
        """);

    [Fact]
    public Task Accepts_a_sentence_after_the_title() => VerifyAsync("""
        # Shop

        Shop is an ordering API for a small online store, built on ASP.NET Core and PostgreSQL.

        ## Usage
        """);

    [Fact]
    public Task Accepts_an_html_header_with_a_centred_paragraph() => VerifyAsync("""
        <p align="center"><img src="docs/logo.png" width="120"></p>
        <h1 align="center">Shop</h1>
        <p align="center">An ordering API for a small online store, with keyset paging and health checks.</p>

        ## Usage
        """);

    [Fact]
    public Task Accepts_a_setext_title_and_a_quoted_description() => VerifyAsync("""
        Shop
        ====

        > An ordering API for a small online store, with keyset paging and health checks.

        Usage
        -----
        """);

    [Fact]
    public Task Accepts_a_readme_without_sections() => VerifyAsync("""
        Shop is an ordering API for a small online store. Run it with dotnet run.
        """);

    [Fact]
    public Task Ignores_a_description_hidden_in_a_comment() => VerifyAsync("""
        # Shop

        <!-- Shop is an ordering API for a small online store, built on ASP.NET Core. -->

        {|PK9002:## Usage|}
        """);

    [Fact]
    public Task Skips_a_readme_that_is_not_markdown() =>
        new RepositoryScenario().With("README.rst", "Readme", "Shop\n====\n\nUsage\n-----\n").VerifyAsync<ReadmeOpeningAnalyzer>();
}
