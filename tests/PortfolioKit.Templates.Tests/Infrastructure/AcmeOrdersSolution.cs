using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// `dotnet new backend-portfolio -n Acme.Orders` with every default: the option matrix's flagship row, built there
/// with every other row and its own tests run there.
/// </summary>
public sealed class AcmeOrdersSolution() : MatrixSolution(
    row => row.Template == "backend-portfolio" && row.Name == MatrixPlan.FlagshipName,
    "flagship (backend-portfolio -n Acme.Orders)");
