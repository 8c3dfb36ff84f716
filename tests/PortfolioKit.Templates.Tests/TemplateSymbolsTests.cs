using System.Text.Json.Nodes;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests;

/// <summary>
/// The symbols the solution templates share are written once, in templates/shared/symbols.json, and copied into each
/// template.json by eng/sync-template-symbols.py (the engine has no inheritance between templates). These tests fail
/// when a copy is out of date, so shared content is never rendered with two meanings.
/// </summary>
[Trait(TestTier.Trait, TestTier.Fast)]
public sealed class TemplateSymbolsTests
{
    private const string SyncCommand = "run eng/sync-template-symbols.py";

    private static readonly JsonObject Shared =
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "templates", "shared", "symbols.json")))!.AsObject();

    private static JsonObject SharedSymbols => Shared["symbols"]!.AsObject();

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var template in TemplatesWithSymbols())
        {
            data.Add(template);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_declares_the_shared_symbols_as_written_once(string template)
    {
        var own = OwnSymbols(template);
        var stale = SymbolsOf(template)
            .Where(symbol => SharedSymbols.ContainsKey(symbol.Key) && !own.Contains(symbol.Key))
            .Where(symbol => !JsonNode.DeepEquals(symbol.Value, SharedSymbols[symbol.Key]))
            .Select(symbol => symbol.Key)
            .ToList();

        Assert.True(stale.Count == 0, $"{template}'s template.json differs from templates/shared/symbols.json in {string.Join(", ", stale)}: {SyncCommand}.");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Own_symbols_are_declared_and_differ_from_the_shared_ones(string template)
    {
        var symbols = SymbolsOf(template);
        foreach (var name in OwnSymbols(template))
        {
            Assert.True(symbols.ContainsKey(name), $"ownSymbols lists '{name}' for {template}, which does not declare it.");
            Assert.True(SharedSymbols.ContainsKey(name), $"ownSymbols lists '{name}' for {template}, but no shared symbol has that name.");
            Assert.False(JsonNode.DeepEquals(symbols[name], SharedSymbols[name]), $"{template}'s '{name}' equals the shared one: take it off ownSymbols.");
        }
    }

    [Fact]
    public void Every_shared_symbol_is_used_by_two_templates()
    {
        foreach (var (name, _) in SharedSymbols)
        {
            var users = TemplatesWithSymbols().Count(template => SymbolsOf(template).ContainsKey(name) && !OwnSymbols(template).Contains(name));
            Assert.True(users >= 2, $"The shared symbol '{name}' is taken by {users} template(s): keep it in that template.json instead.");
        }
    }

    private static IEnumerable<string> TemplatesWithSymbols() =>
        Directory.GetDirectories(Path.Combine(Repository.Root, "templates", "content"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(template => SymbolsOf(template).Count > 0)
            .Order(StringComparer.Ordinal);

    private static JsonObject SymbolsOf(string template)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "templates", "content", template, ".template.config", "template.json")))!;
        return config["symbols"]?.AsObject() ?? [];
    }

    private static HashSet<string> OwnSymbols(string template) =>
        Shared["ownSymbols"]![template]?.AsArray().Select(name => name!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
}
