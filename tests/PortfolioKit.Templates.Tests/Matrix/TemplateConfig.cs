using System.Text.Json;
using PortfolioKit.Templates.Tests.Infrastructure;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>What the matrix reads from a template's .template.config: its type, its choice options and their CLI names.</summary>
internal static class TemplateConfig
{
    /// <summary>The template's type tag ("solution", "project", "item"), or null for a folder that is no template.</summary>
    public static string? Type(string folder)
    {
        var config = Path.Combine(folder, ".template.config", "template.json");
        if (!File.Exists(config))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.TryGetProperty("tags", out var tags) && tags.TryGetProperty("type", out var type) ? type.GetString() : null;
    }

    /// <summary>Every choice parameter with its values, the default value first.</summary>
    public static IReadOnlyList<(string Option, string[] Values)> Choices(string template)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.TemplateContent(template), ".template.config", "template.json")));
        return config.RootElement.GetProperty("symbols").EnumerateObject()
            .Where(symbol => symbol.Value.TryGetProperty("type", out var type) && type.GetString() == "parameter"
                && symbol.Value.TryGetProperty("datatype", out var datatype) && datatype.GetString() == "choice")
            .Select(symbol =>
            {
                var values = symbol.Value.GetProperty("choices").EnumerateArray().Select(choice => choice.GetProperty("choice").GetString()!).ToList();
                var defaultValue = symbol.Value.TryGetProperty("defaultValue", out var configured) ? configured.GetString() : values[0];
                return (symbol.Name, values.OrderBy(value => value == defaultValue ? 0 : 1).ToArray());
            })
            .ToList();
    }

    /// <summary>The long names of the template's parameters, from its dotnetcli.host.json.</summary>
    public static Dictionary<string, string> CliNames(string template)
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.TemplateContent(template), ".template.config", "dotnetcli.host.json")));
        return host.RootElement.GetProperty("symbolInfo").EnumerateObject()
            .Where(symbol => symbol.Value.TryGetProperty("longName", out _))
            .ToDictionary(symbol => symbol.Name, symbol => symbol.Value.GetProperty("longName").GetString()!, StringComparer.Ordinal);
    }
}
