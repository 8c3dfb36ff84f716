using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Hosting;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Features.DeadLetters;

/// <summary>Messages the worker gave up on, for a person to inspect and, once the cause is fixed, replay.</summary>
internal static class DeadLetterEndpoints
{
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var deadLetters = endpoints.MapGroup("/dead-letters").WithTags(WorkerDocumentationExtensions.DeadLettersTag);

        deadLetters.MapDeadLetterList();
        deadLetters.MapPost("/{id:int}/replay", ReplayDeadLetter).WithName(nameof(ReplayDeadLetter))
            .WithSummary("Puts a dead-lettered message back in the queue, with the same message id, for another delivery.")
            .WithDescription("The message keeps its id, so a consumer that had in fact handled it ignores the replay. A dead letter already replayed is gone (404).");

        return endpoints;
    }

    /// <summary>
    /// Queues the message again, with its message id (so if it had in fact been handled, the inbox makes the replay
    /// a no-op), and removes the dead letter. The removal commits only after the message is queued, so a failure in
    /// between leaves the dead letter to replay again, never a lost message. Replaying twice finds it gone.
    /// </summary>
    private static async Task<Results<Accepted, NotFound>> ReplayDeadLetter(
        int id,
        AppDbContext db,
        IMessageSender sender,
        CancellationToken cancellationToken)
    {
        var letter = await db.DeadLetters.SingleOrDefaultAsync(letter => letter.Id == id, cancellationToken);
        if (letter is null)
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.DeadLetters.Remove(letter);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.NotFound(); // a concurrent replay removed it first
        }

        await sender.SendAsync(letter.MessageId, letter.Type, letter.Payload, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
