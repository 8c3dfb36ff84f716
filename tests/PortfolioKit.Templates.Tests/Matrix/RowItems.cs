namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>What the item templates add to a row before it is built.</summary>
public enum RowItems
{
    None,

    /// <summary>`dotnet new backend-consumer`, whose post action adds a migration for the row's engine.</summary>
    Consumer,

    /// <summary>backend-endpoint, backend-consumer (from a CLI home with a stale dotnet-ef record) and two backend-adr records.</summary>
    All,
}
