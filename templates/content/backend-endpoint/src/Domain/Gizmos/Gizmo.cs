namespace PortfolioSample.Domain.Gizmos;

/// <summary>
/// The entity of the Gizmos feature: a required name and an optional description. Add properties here, in the
/// configuration, request and response, then add a migration (see the README).
/// </summary>
public sealed class Gizmo
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    // For EF Core materialisation.
    private Gizmo()
    {
        Name = string.Empty;
    }

    public Gizmo(string name, string? description)
    {
        Name = RequireName(name);
        Description = OptionalDescription(description);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    private static string RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, NameMaxLength, nameof(name));
        return trimmed;
    }

    // Blank means "no description": stored as NULL rather than as an empty string.
    private static string? OptionalDescription(string? description)
    {
        var trimmed = description?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, DescriptionMaxLength, nameof(description));
        return trimmed;
    }
}
