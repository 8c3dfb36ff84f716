using System.Text.Json;
using System.Text.RegularExpressions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Checks a template folder (its <c>.template.config</c> and its content) for the mistakes the template engine lets
/// through silently: misspelt keys it ignores, conditions on symbols that do not exist (they are simply false, so
/// content vanishes), choice comparisons against values that are not choices, undescribed options, and post actions
/// that hide a harmful failure. Microsoft.TemplateEngine.Authoring.Tasks is not served here, and its validation does
/// not look at content conditions anyway, so this is written for this repository.
/// </summary>
public static partial class TemplateLint
{
    private static readonly HashSet<string> TopLevelKeys =
    [
        "$schema", "author", "classifications", "identity", "groupIdentity", "name", "shortName", "description", "tags",
        "sourceName", "preferNameDirectory", "preferDefaultName", "defaultName", "guids", "symbols", "sources",
        "primaryOutputs", "postActions", "precedence", "placeholderFilename", "generatorVersions", "thirdPartyNotices",
        "baselines", "constraints", "forms", "SpecialCustomOperations",
    ];

    private static readonly HashSet<string> SymbolKeys =
    [
        "type", "datatype", "dataType", "defaultValue", "defaultIfOptionWithoutValue", "replaces", "fileRename", "description",
        "displayName", "choices", "isRequired", "isEnabled", "allowMultipleValues", "enableQuotelessLiterals", "onlyIf",
        "forms", "generator", "parameters", "value", "evaluator", "binding",
    ];

    private static readonly HashSet<string> ChoiceKeys = ["choice", "description", "displayName"];

    private static readonly HashSet<string> SourceKeys = ["source", "target", "include", "exclude", "copyOnly", "rename", "modifiers", "condition"];

    private static readonly HashSet<string> ModifierKeys = ["condition", "include", "exclude", "copyOnly", "rename"];

    private static readonly HashSet<string> PostActionKeys =
    [
        "id", "description", "manualInstructions", "actionId", "args", "continueOnError", "condition",
        "applyFileRenamesToArgs", "applyFileRenamesToManualInstructions",
    ];

    private static readonly HashSet<string> PrimaryOutputKeys = ["path", "condition"];

    private static readonly HashSet<string> HostSymbolKeys = ["longName", "shortName", "isHidden"];

    /// <summary>Post actions whose failure leaves a complete, usable project (the user repeats the step by hand).</summary>
    private static readonly Dictionary<string, string> HarmlessActions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["210D431B-A78B-4D2F-B762-4ED3E3EA9025"] = "restore",
        ["AC1156F7-BB77-4DB8-B28F-24EEBCCA1E5C"] = "manual instructions",
        ["84C0DA21-51C8-4541-9940-6CA19AF04EE6"] = "open a file in the editor",
    };

    private const string RunScriptAction = "3A7C4B45-1F5D-4A30-959A-51B88E82B5D2";

    private static readonly string[] TextExtensions =
    [
        ".cs", ".csproj", ".props", ".targets", ".slnx", ".json", ".md", ".yml", ".yaml", ".http", ".xml", ".sh",
        ".editorconfig", ".gitignore", ".gitattributes", ".dockerignore", ".txt", ".config",
    ];

    /// <summary>Every finding for the template in <paramref name="templateFolder"/>; empty when it is clean.</summary>
    public static IReadOnlyList<string> Check(string templateFolder)
    {
        var findings = new List<string>();
        var configFolder = Path.Combine(templateFolder, ".template.config");
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(configFolder, "template.json")));
        var root = template.RootElement;

        UnknownKeys(root, TopLevelKeys, "template.json", findings);
        foreach (var required in new[] { "identity", "name", "shortName", "description", "author", "classifications" })
        {
            if (!root.TryGetProperty(required, out _))
            {
                findings.Add($"template.json: '{required}' is missing.");
            }
        }

        var symbols = root.TryGetProperty("symbols", out var symbolsElement)
            ? symbolsElement.EnumerateObject().ToDictionary(symbol => symbol.Name, symbol => symbol.Value.Clone(), StringComparer.Ordinal)
            : [];
        var choices = symbols
            .Where(symbol => symbol.Value.TryGetProperty("choices", out _))
            .ToDictionary(
                symbol => symbol.Key,
                symbol => symbol.Value.GetProperty("choices").EnumerateArray().Select(choice => choice.GetProperty("choice").GetString()!).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);

        foreach (var (name, symbol) in symbols)
        {
            CheckSymbol(name, symbol, symbols, choices, findings);
        }

        foreach (var (index, source) in Items(root, "sources"))
        {
            var where = $"sources[{index}]";
            UnknownKeys(source, SourceKeys, where, findings);
            CheckCondition(source, where, symbols, choices, findings);
            foreach (var (modifierIndex, modifier) in Items(source, "modifiers"))
            {
                UnknownKeys(modifier, ModifierKeys, $"{where}.modifiers[{modifierIndex}]", findings);
                CheckCondition(modifier, $"{where}.modifiers[{modifierIndex}]", symbols, choices, findings);
            }
        }

        foreach (var (index, output) in Items(root, "primaryOutputs"))
        {
            UnknownKeys(output, PrimaryOutputKeys, $"primaryOutputs[{index}]", findings);
            CheckCondition(output, $"primaryOutputs[{index}]", symbols, choices, findings);
        }

        foreach (var (index, action) in Items(root, "postActions"))
        {
            CheckPostAction($"postActions[{index}]", action, symbols, choices, findings);
        }

        CheckHostFile(configFolder, symbols, findings);
        foreach (var contentFolder in ContentFolders(templateFolder, root, findings))
        {
            CheckContentConditions(contentFolder, symbols, choices, findings);
        }

        CheckSharedSources(templateFolder, root, symbols, choices, findings);
        return findings;
    }

    /// <summary>
    /// A source outside the template's folder (files shared with another template of the package) is processed with
    /// this template's symbols, so its included files must use only those; an include that matches nothing is a typo.
    /// </summary>
    private static void CheckSharedSources(
        string templateFolder,
        JsonElement root,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        foreach (var (index, source) in Items(root, "sources"))
        {
            if (!source.TryGetProperty("include", out _)
                || !source.TryGetProperty("source", out var sourcePath)
                || Path.GetFullPath(Path.Combine(templateFolder, sourcePath.GetString()!)) is not { } sourceFolder
                || sourceFolder.StartsWith(Path.GetFullPath(templateFolder), StringComparison.Ordinal))
            {
                continue;
            }

            if (!Directory.Exists(sourceFolder))
            {
                findings.Add($"template.json: the source folder '{sourcePath.GetString()}' does not exist.");
                continue;
            }

            var files = Directory.EnumerateFiles(sourceFolder, "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(sourceFolder, file).Replace('\\', '/'))
                .ToList();
            foreach (var (_, include) in Items(source, "include"))
            {
                var pattern = new Regex("^" + Regex.Escape(include.GetString()!).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");
                var matched = files.Where(file => pattern.IsMatch(file)).ToList();
                if (matched.Count == 0)
                {
                    findings.Add($"sources[{index}]: the include '{include.GetString()}' matches no file in {sourcePath.GetString()}.");
                }

                foreach (var file in matched.Where(file => IsText(Path.Combine(sourceFolder, file))))
                {
                    CheckFileConditions(Path.Combine(sourceFolder, file), $"{sourcePath.GetString()}{file}", symbols, choices, findings);
                }
            }
        }
    }

    private static void CheckSymbol(
        string name,
        JsonElement symbol,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        var where = $"symbols.{name}";
        UnknownKeys(symbol, SymbolKeys, where, findings);
        var type = symbol.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        switch (type)
        {
            case "parameter":
                if (!HasText(symbol, "description"))
                {
                    findings.Add($"{where}: the parameter has no description (dotnet new --help shows it).");
                }

                if (!HasText(symbol, "displayName"))
                {
                    findings.Add($"{where}: the parameter has no displayName (IDEs show it in the new-project dialog).");
                }

                if (choices.TryGetValue(name, out var allowed))
                {
                    foreach (var choice in symbol.GetProperty("choices").EnumerateArray())
                    {
                        UnknownKeys(choice, ChoiceKeys, $"{where}.choices", findings);
                        if (!HasText(choice, "description"))
                        {
                            findings.Add($"{where}: the choice '{choice.GetProperty("choice").GetString()}' has no description.");
                        }
                    }

                    if (symbol.TryGetProperty("defaultValue", out var defaultValue) && !allowed.Contains(defaultValue.GetString() ?? string.Empty))
                    {
                        findings.Add($"{where}: the default '{defaultValue.GetString()}' is not one of its choices.");
                    }
                }

                break;
            case "computed":
                if (!symbol.TryGetProperty("value", out var value))
                {
                    findings.Add($"{where}: a computed symbol needs a value.");
                }
                else
                {
                    CheckExpression(value.GetString() ?? string.Empty, where, symbols, choices, findings);
                }

                break;
            case "generated" or "derived" or "bind":
                break;
            default:
                findings.Add($"{where}: unknown symbol type '{type}'.");
                break;
        }
    }

    private static void CheckPostAction(
        string where,
        JsonElement action,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        UnknownKeys(action, PostActionKeys, where, findings);
        CheckCondition(action, where, symbols, choices, findings);
        if (!HasText(action, "description"))
        {
            findings.Add($"{where}: the post action has no description.");
        }

        if (!action.TryGetProperty("manualInstructions", out var instructions) || instructions.GetArrayLength() == 0)
        {
            findings.Add($"{where}: the post action has no manualInstructions (shown when it cannot run, e.g. without --allow-scripts).");
        }

        var actionId = action.TryGetProperty("actionId", out var id) ? id.GetString() ?? string.Empty : string.Empty;
        var continues = action.TryGetProperty("continueOnError", out var continueOnError) && continueOnError.GetBoolean();
        var harmless = HarmlessActions.ContainsKey(actionId)
            || (string.Equals(actionId, RunScriptAction, StringComparison.OrdinalIgnoreCase) && IsGitCommand(action));
        if (continues && !harmless)
        {
            findings.Add($"{where}: continueOnError is true, but a failure of action {actionId} leaves an incomplete project; let it fail.");
        }
    }

    /// <summary>A script post action that runs git (initialising the repository): the project is complete without it.</summary>
    private static bool IsGitCommand(JsonElement action) =>
        action.TryGetProperty("args", out var args)
        && args.TryGetProperty("executable", out var executable)
        && executable.GetString() == "git";

    private static void CheckHostFile(string configFolder, Dictionary<string, JsonElement> symbols, List<string> findings)
    {
        var hostFile = Path.Combine(configFolder, "dotnetcli.host.json");
        var parameters = symbols.Where(symbol => symbol.Value.TryGetProperty("type", out var type) && type.GetString() == "parameter").Select(symbol => symbol.Key).ToList();
        if (!File.Exists(hostFile))
        {
            if (parameters.Count > 0)
            {
                findings.Add("dotnetcli.host.json is missing: the CLI option names of the parameters are not chosen.");
            }

            return;
        }

        using var host = JsonDocument.Parse(File.ReadAllText(hostFile));
        var described = new HashSet<string>(StringComparer.Ordinal);
        if (host.RootElement.TryGetProperty("symbolInfo", out var symbolInfo))
        {
            foreach (var entry in symbolInfo.EnumerateObject())
            {
                described.Add(entry.Name);
                UnknownKeys(entry.Value, HostSymbolKeys, $"dotnetcli.host.json symbolInfo.{entry.Name}", findings);
                if (!parameters.Contains(entry.Name))
                {
                    findings.Add($"dotnetcli.host.json: symbolInfo.{entry.Name} names no parameter of template.json.");
                }
            }
        }

        findings.AddRange(parameters.Where(parameter => !described.Contains(parameter))
            .Select(parameter => $"dotnetcli.host.json: the parameter '{parameter}' has no symbolInfo entry (its CLI name would be derived, not chosen)."));
    }

    /// <summary>
    /// The folders the template takes its content from: each source's <c>source</c> (relative to the template folder;
    /// a template may share another's content with <c>"source": "../other/"</c>), or the template folder itself.
    /// </summary>
    private static IEnumerable<string> ContentFolders(string templateFolder, JsonElement root, List<string> findings)
    {
        // A source with an include list shares only those files: CheckSharedSources checks them one by one.
        var folders = Items(root, "sources")
            .Where(item => !item.Item.TryGetProperty("include", out _))
            .Select(item => item.Item.TryGetProperty("source", out var source) ? source.GetString() ?? "./" : "./")
            .Select(source => Path.GetFullPath(Path.Combine(templateFolder, source)))
            .DefaultIfEmpty(Path.GetFullPath(templateFolder))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var missing in folders.Where(folder => !Directory.Exists(folder)))
        {
            findings.Add($"template.json: the source folder '{Path.GetRelativePath(templateFolder, missing)}' does not exist.");
        }

        return folders.Where(Directory.Exists);
    }

    /// <summary>
    /// Every <c>#if</c>/<c>#elif</c> the engine evaluates in content (C#, <c>//#if</c> in JSON, <c>&lt;!--#if</c> in
    /// XML and Markdown, <c>#if</c> in YAML and shell) may only use defined symbols. An undefined one is false, so a
    /// C# <c>#if DEBUG</c> would silently delete code unless it sits in a <c>//-:cnd:noEmit</c> region.
    /// </summary>
    private static void CheckContentConditions(
        string templateFolder,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        foreach (var file in Directory.EnumerateFiles(templateFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(templateFolder, file).Replace('\\', '/');
            if (relative.StartsWith(".template.config/", StringComparison.Ordinal)
                || relative.Split('/').Any(part => part is "bin" or "obj")
                || !IsText(file))
            {
                continue;
            }

            CheckFileConditions(file, relative, symbols, choices, findings);
        }
    }

    private static void CheckFileConditions(
        string file,
        string relative,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        var emitting = true;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Contains("-:cnd:noEmit", StringComparison.Ordinal))
            {
                emitting = false;
            }
            else if (trimmed.Contains("+:cnd:noEmit", StringComparison.Ordinal))
            {
                emitting = true;
            }
            else if (emitting && ConditionDirective().Match(trimmed) is { Success: true } directive)
            {
                CheckExpression(directive.Groups["expression"].Value, $"{relative}:{lineNumber}", symbols, choices, findings);
            }
        }
    }

    private static bool IsText(string file)
    {
        var name = Path.GetFileName(file);
        return name is "Dockerfile" or "LICENSE" or "LICENSE-APACHE" || TextExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase);
    }

    private static void CheckCondition(
        JsonElement element,
        string where,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        if (element.TryGetProperty("condition", out var condition))
        {
            CheckExpression(condition.GetString() ?? string.Empty, where, symbols, choices, findings);
        }
    }

    /// <summary>Identifiers outside string literals must be symbols; a choice compared with a literal must offer it.</summary>
    private static void CheckExpression(
        string expression,
        string where,
        Dictionary<string, JsonElement> symbols,
        Dictionary<string, HashSet<string>> choices,
        List<string> findings)
    {
        var withoutLiterals = StringLiteral().Replace(expression, "\"\"");
        foreach (Match identifier in Identifier().Matches(withoutLiterals))
        {
            if (identifier.Value is not ("true" or "false") && !symbols.ContainsKey(identifier.Value))
            {
                findings.Add($"{where}: the condition '{expression}' uses '{identifier.Value}', which is not a symbol of template.json.");
            }
        }

        foreach (Match comparison in ChoiceComparison().Matches(expression))
        {
            var symbol = comparison.Groups["symbol"].Value;
            var literal = comparison.Groups["literal"].Value;
            if (choices.TryGetValue(symbol, out var allowed) && !allowed.Contains(literal))
            {
                findings.Add($"{where}: the condition '{expression}' compares '{symbol}' with \"{literal}\", which is not one of its choices ({string.Join(", ", allowed)}).");
            }
        }
    }

    private static void UnknownKeys(JsonElement element, HashSet<string> known, string where, List<string> findings)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        findings.AddRange(element.EnumerateObject()
            .Where(property => !known.Contains(property.Name))
            .Select(property => $"{where}: unknown key '{property.Name}' (the engine ignores it)."));
    }

    private static IEnumerable<(int Index, JsonElement Item)> Items(JsonElement element, string arrayName) =>
        element.TryGetProperty(arrayName, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select((item, index) => (index, item))
            : [];

    private static bool HasText(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString());

    [GeneratedRegex(@"^(?://|<!--|@\*|#)?\s*#(?:if|elif|elseif)\b(?<expression>.*?)(?:-->|\*@)?$")]
    private static partial Regex ConditionDirective();

    [GeneratedRegex("\"[^\"]*\"|'[^']*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<symbol>[A-Za-z_][A-Za-z0-9_]*)\s*[!=]=\s*""(?<literal>[^""]*)""")]
    private static partial Regex ChoiceComparison();
}
