using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Api.Common;
using PortfolioSample.Domain.Gizmos;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Features.Gizmos;

// Program.cs maps every IEndpointGroup under /api, with the API's rate limiting (and authorisation, if any).
internal sealed class GizmoEndpoints : IEndpointGroup
{
    public string Tag => "Gizmos";

    public string Description => "Gizmos: add one, read one, page through all of them.";

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/gizmo-route").WithTags(Tag);

        group.MapGet("/", ListGizmos).WithName(nameof(ListGizmos)).WithSummary("Lists Gizmos, a page at a time.")
            .WithDescription("Keyset paging in id order: pass the page's `nextCursor` as `cursor` for the next page; `nextCursor` is null on the last page.");
        group.MapGet("/{id:int}", GetGizmo).WithName(nameof(GetGizmo)).WithSummary("Gets one of the Gizmos.")
            .WithDescription("Returns it by id, or 404 when there is none.");
        group.MapPost("/", CreateGizmo).WithName(nameof(CreateGizmo)).WithSummary("Adds one of the Gizmos.")
            .WithDescription("A name is required; a description is optional. The answer's Location header is where to read it back.");
    }

    private static async Task<Ok<Page<GizmoResponse>>> ListGizmos(
        AppDbContext db,
        CancellationToken cancellationToken,
        [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit,
        [Range(0, int.MaxValue)] int cursor = 0)
    {
        // Keyset paging: "after this id", never OFFSET, so a deep page costs the same as the first.
        var rows = await db.Set<Gizmo>()
            .AsNoTracking()
            .Where(entity => entity.Id > cursor)
            .OrderBy(entity => entity.Id)
            .Take(limit + 1)
            .Select(GizmoResponse.Projection)
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(Paging.ToPage(rows, limit, row => row.Id));
    }

    private static async Task<Results<Ok<GizmoResponse>, NotFound>> GetGizmo(int id, AppDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.Set<Gizmo>()
            .AsNoTracking()
            .Where(entity => entity.Id == id)
            .Select(GizmoResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken);

        return found is null ? TypedResults.NotFound() : TypedResults.Ok(found);
    }

    private static async Task<CreatedAtRoute<GizmoResponse>> CreateGizmo(
        CreateGizmoRequest request,
        AppDbContext db,
        CancellationToken cancellationToken)
    {
        var entity = new Gizmo(request.Name, request.Description);
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.CreatedAtRoute(GizmoResponse.From(entity), nameof(GetGizmo), new { id = entity.Id });
    }
}
