using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using PortfolioSample.Domain.Gizmos;

namespace PortfolioSample.Api.Features.Gizmos;

public sealed record GizmoResponse(int Id, string Name, string? Description)
{
    /// <summary>The one mapping from entity to response, translated to SQL when used in a query.</summary>
    internal static readonly Expression<Func<Gizmo, GizmoResponse>> Projection =
        entity => new GizmoResponse(entity.Id, entity.Name, entity.Description);

    private static readonly Func<Gizmo, GizmoResponse> CompiledProjection = Projection.Compile();

    internal static GizmoResponse From(Gizmo entity) => CompiledProjection(entity);
}

// Validated by the minimal API validation (AddValidation in Program.cs): a bad request is answered with a 400
// ValidationProblemDetails listing each field's errors, before the handler runs.
public sealed record CreateGizmoRequest(
    [property: Required, StringLength(Gizmo.NameMaxLength)]
    string Name,
    [property: StringLength(Gizmo.DescriptionMaxLength)]
    string? Description = null);
