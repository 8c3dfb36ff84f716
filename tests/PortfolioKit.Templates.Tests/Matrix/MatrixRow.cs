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
