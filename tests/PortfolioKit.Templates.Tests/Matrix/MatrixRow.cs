namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// One generated solution of the matrix: a template, a name, a value for every choice option, and those choices as
/// command-line options (the CLI names each template spells out in dotnetcli.host.json). <paramref name="Purpose"/>
/// says why a seeded row is there; <paramref name="Items"/> which item templates run in it before the build.
/// </summary>
public sealed record MatrixRow(
    string Id,
    string Template,
    string Name,
    IReadOnlyDictionary<string, string> Choices,
    IReadOnlyList<string> Options,
    string? Purpose,
    RowItems Items)
{
    public string Engine => Choices.GetValueOrDefault("database", "sqlite");

    public bool UsesRabbitMq => Choices.Values.Contains("rabbitmq", StringComparer.Ordinal);

    /// <summary>The choices of the twin this row's output must equal, or null when it has none.</summary>
    public IReadOnlyDictionary<string, string>? TwinChoices(TwinTemplate? twin) => twin is null
        ? null
        : new Dictionary<string, string>(Choices, StringComparer.Ordinal) { [twin.Option] = twin.Value };

    /// <summary>The command-line options that generate the twin: this row's, plus the one the twin adds.</summary>
    public IReadOnlyList<string> TwinOptions(TwinTemplate twin) => [.. Options, "--" + twin.Option, twin.Value];

    public override string ToString() => $"{Template} -n \"{Name}\" {string.Join(' ', Options)}";
}

/// <summary>What the item templates add to a row before it is built.</summary>
public enum RowItems
{
    None,

    /// <summary>`dotnet new backend-consumer`, whose post action adds a migration for the row's engine.</summary>
    Consumer,

    /// <summary>backend-endpoint, backend-consumer (from a CLI home with a stale dotnet-ef record) and two backend-adr records.</summary>
    All,
}

/// <summary>
/// A template whose output a row's template must reproduce file for file (but for random ports and secrets ids) when
/// given one more option: then building the row builds both.
/// </summary>
public sealed record TwinTemplate(string Template, string Option, string Value);
