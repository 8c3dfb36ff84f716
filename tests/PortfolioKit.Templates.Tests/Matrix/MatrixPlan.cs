namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// The choices behind the matrix's shape, each with its reason: which options only change content (and so need not
/// meet every other option in a build), which rows other tests need whatever the pairwise search picks, which
/// template stands in for another, and which rows get the item templates.
/// </summary>
public static class MatrixPlan
{
    /// <summary>The flagship: `dotnet new backend-portfolio -n Acme.Orders` with every default, as the README shows it.</summary>
    public const string FlagshipName = "Acme.Orders";

    /// <summary>The default worker, `dotnet new backend-worker -n Acme.Inventory`.</summary>
    public const string WorkerName = "Acme.Inventory";

    /// <summary>The solution the item templates run in: a name whose namespace differs from it (Acme.Shop2).</summary>
    public const string ItemsName = "Acme.Shop-2";

    /// <summary>
    /// Options that change files no compiler reads, so the matrix does not pair them with every other option: each
    /// value other than the default is built once per template (and the default everywhere else), and the tests named
    /// here check their content on generation alone.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ContentOnlyOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // LICENSE and the README's licence line; `none` adds one NoWarn (PK9101) that its row's build checks.
        ["license"] = "TemplateOptionTests",
    };

    /// <summary>
    /// Options that change no compiled file at all, so every built row keeps their default and the tests named here
    /// cover the other values on generation alone.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GeneratedOnlyOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Adds or leaves out deploy/k8s, the README's "Running at scale" and its decision record.
        ["deploy"] = "KubernetesManifestTests",
    };

    /// <summary>backend-api is backend-portfolio without messaging, from the same content: its rows stand for both.</summary>
    public static TwinTemplate? TwinOf(string template) =>
        template == "backend-api" ? new TwinTemplate("backend-portfolio", "messaging", "none") : null;

    /// <summary>The templates some row is a twin of.</summary>
    public static readonly IReadOnlySet<string> TwinTemplates = new HashSet<string>(StringComparer.Ordinal) { "backend-portfolio" };

    /// <summary>The rows other tests use, with the reason; the pairwise search adds what the coverage still needs.</summary>
    public static IReadOnlyList<MatrixSeed> Seeds(string template, IReadOnlyDictionary<string, string> defaults) => template switch
    {
        "backend-portfolio" =>
        [
            new(FlagshipName, defaults, "the flagship: FlagshipTemplateTests, InProcessMessagingTests"),
            new(ItemsName, defaults, "the item templates: ItemTemplateTests"),
            new(null, With(defaults, ("database", "postgres")), "PostgreSQL with anonymous writes and no broker: PostgresEngineTests"),
            new(null, With(defaults, ("database", "mysql")), "MariaDB with anonymous writes and no broker: MySqlEngineTests"),
            new(null, With(defaults, ("messaging", "rabbitmq")), "RabbitMQ on SQLite, whose file the test reads: RabbitMqMessagingTests"),
        ],
        "backend-worker" => [new(WorkerName, defaults, "the default worker: WorkerTemplateTests")],
        _ => [],
    };

    /// <summary>
    /// The rows that get item templates: the items seed gets all four (on SQLite), and the first backend-portfolio row
    /// with messaging on each server engine gets backend-consumer, so that its post action (a migration for that
    /// engine) and its generated tests run on PostgreSQL and MariaDB too. Each engine has failed on its own before:
    /// MySQL-family collations ignore case where SQLite's and PostgreSQL's defaults do not, and a consumer's keys once
    /// failed there.
    /// </summary>
    public static IReadOnlyList<MatrixRow> WithItems(IReadOnlyList<MatrixRow> rows)
    {
        var consumerRows = rows
            .Where(row => row.Template == "backend-portfolio" && row.Engine is "mysql" or "postgres" && row.Choices.GetValueOrDefault("messaging", "none") != "none")
            .GroupBy(row => row.Engine)
            .Select(engine => engine.First().Id)
            .ToHashSet(StringComparer.Ordinal);
        return
        [
            .. rows.Select(row => row.Name == ItemsName && row.Template == "backend-portfolio" ? row with { Items = RowItems.All }
                : consumerRows.Contains(row.Id) ? row with { Items = RowItems.Consumer }
                : row),
        ];
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> defaults, params (string Option, string Value)[] changes)
    {
        var choices = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var (option, value) in changes)
        {
            choices[option] = value;
        }

        return choices;
    }
}
