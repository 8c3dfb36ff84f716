using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>`dotnet new backend-worker -n Acme.Inventory` (SQLite, the database queue): the option matrix's default worker row.</summary>
public sealed class WorkerSolution() : MatrixSolution(
    row => row.Template == "backend-worker" && row.Name == MatrixPlan.WorkerName,
    "default worker (backend-worker -n Acme.Inventory)")
{
    public string WorkerAssembly => WorkerTools.Assembly(Folder);
}
