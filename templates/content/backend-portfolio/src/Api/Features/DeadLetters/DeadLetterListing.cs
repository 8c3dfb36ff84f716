using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Api.Common;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Features.DeadLetters;

public sealed record DeadLetterResponse(int Id, Guid MessageId, string Type, string Payload, string Reason, int Attempts, DateTimeOffset DeadLetteredAt);

/// <summary>
/// The dead letters a page at a time, for a person to inspect before fixing a cause and replaying. Replaying is not
/// here: where a replayed message goes (an outbox, a queue) is each app's own.
/// </summary>
internal static class DeadLetterListing
{
    /// <summary>GET / on <paramref name="deadLetters"/>: the dead letters in id order, keyset-paged.</summary>
    public static RouteHandlerBuilder MapDeadLetterList(this IEndpointRouteBuilder deadLetters) =>
        deadLetters.MapGet("/", ListDeadLetters).WithName(nameof(ListDeadLetters))
            .WithSummary("Lists messages that could not be handled, with the reason, a page at a time.")
            .WithDescription("Keyset paging in id order: pass the page's `nextCursor` as `cursor` for the next page; `nextCursor` is null on the last page.");

    private static async Task<Ok<Page<DeadLetterResponse>>> ListDeadLetters(
        AppDbContext db,
        CancellationToken cancellationToken,
        [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit,
        [Range(0, int.MaxValue)] int cursor = 0)
    {
        var rows = await db.DeadLetters
            .AsNoTracking()
            .Where(letter => letter.Id > cursor)
            .OrderBy(letter => letter.Id)
            .Take(limit + 1)
            .Select(letter => new DeadLetterResponse(
                letter.Id, letter.MessageId, letter.Type, letter.Payload, letter.Reason, letter.Attempts, letter.DeadLetteredAt))
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(Paging.ToPage(rows, limit, letter => letter.Id));
    }
}
