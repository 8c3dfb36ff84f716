using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Api.Common;
using PortfolioSample.Infrastructure.Messaging;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Api.Features.DeadLetters;

/// <summary>Messages the worker gave up on, for a person to inspect and, once the cause is fixed, replay.</summary>
internal sealed class DeadLetterEndpoints : IEndpointGroup
{
    public int Position => 30;

    public string Tag => "Dead letters";

    public string Description => "Messages the worker gave up on after its retries, kept with the reason until someone replays them.";

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var deadLetters = api.MapGroup("/dead-letters").WithTags(Tag);

        deadLetters.MapDeadLetterList();
        deadLetters.MapPost("/{id:int}/replay", ReplayDeadLetter).WithName(nameof(ReplayDeadLetter))
            .WithSummary("Puts a dead-lettered message back in the outbox, with the same message id, for another delivery.")
            .WithDescription("The message keeps its id, so a handler that had in fact processed it ignores the replay. A dead letter already replayed is gone (404).");
    }

    /// <summary>
    /// Moves the message back to the outbox in one transaction. It keeps its message id, so if it had in fact been
    /// handled, the handler's inbox makes the replay a no-op. Replaying the same dead letter twice finds it gone.
    /// </summary>
    private static async Task<Results<Accepted, NotFound>> ReplayDeadLetter(
        int id,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var letter = await db.DeadLetters.SingleOrDefaultAsync(letter => letter.Id == id, cancellationToken);
        if (letter is null)
        {
            return TypedResults.NotFound();
        }

        // One SaveChanges, so one transaction: the dead letter leaves and the outbox message arrives, or neither.
        db.DeadLetters.Remove(letter);
        db.OutboxMessages.Add(new OutboxMessage(letter.MessageId, letter.Type, letter.Payload, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.NotFound(); // a concurrent replay removed it first
        }

        return TypedResults.Accepted((string?)null);
    }
}
