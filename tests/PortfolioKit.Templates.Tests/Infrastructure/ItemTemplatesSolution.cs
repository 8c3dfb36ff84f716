using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// `dotnet new backend-portfolio -n Acme.Shop-2` (namespace Acme.Shop2), then in its root, as a user would:
/// backend-endpoint Customer, backend-consumer "stock received" and two backend-adr records, all with their post
/// actions (--allow-scripts yes): the option matrix's items row, built there with every other row.
/// </summary>
public sealed class ItemTemplatesSolution() : MatrixSolution(
    row => row.Template == "backend-portfolio" && row.Items == RowItems.All,
    "row with the item templates")
{
    public const string Namespace = "Acme.Shop2";

    public ItemRun Items => Run.Items[Row.Id];

    /// <summary>The highest ADR number before the ADR template ran.</summary>
    public int HighestAdrBefore => Items.HighestAdrBefore;

    public IReadOnlyDictionary<string, ProcessResult> Instantiations => Items.Runs;

    public string StaleToolRecord => ItemTemplates.StaleToolRecord(Pack);

    /// <summary>Each project's packages.lock.json as the first restore wrote it, before the item templates ran.</summary>
    public IReadOnlyDictionary<string, string> LockFilesBefore => Items.LockFilesBefore;
}
