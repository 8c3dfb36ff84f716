using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PortfolioSample.Worker.Hosting;
using PortfolioSample.Worker.Messaging;

namespace PortfolioSample.Worker.Features.Intake;

/// <param name="Type">The message type, for example stock-received.v1.</param>
/// <param name="Payload">The message body: any JSON, checked by the consumer, not here (so a malformed one shows up as a dead letter).</param>
/// <param name="Id">The message id; a producer that retries sends the same id, so the consumer handles it once. A new id when absent.</param>
public sealed record EnqueueMessageRequest(
    [property: Required, StringLength(Messages.TypeMaxLength, MinimumLength = 1)]
    string Type,
    JsonElement Payload,
    Guid? Id = null);

public sealed record EnqueuedMessageResponse(Guid Id);

/// <summary>
/// Puts messages into the queue over HTTP. It stands in for the upstream system that would produce them, so that
/// the worker can be tried with curl and tested end to end; switch it off (Intake:Enabled) where producers write to
/// the queue themselves.
/// </summary>
internal static class IntakeEndpoints
{
    public static IEndpointRouteBuilder MapIntakeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/messages", EnqueueMessage).WithName(nameof(EnqueueMessage)).WithTags(WorkerDocumentationExtensions.IntakeTag)
            .WithSummary("Queues a message durably for the worker; 202 means it can no longer be lost.")
            .WithDescription("The payload may be any JSON except null: the consumer checks it, so a malformed one becomes a dead letter with the reason. Send the same `id` again to retry: the consumer handles it once.");
        return endpoints;
    }

    private static async Task<Results<Accepted<EnqueuedMessageResponse>, ValidationProblem>> EnqueueMessage(
        EnqueueMessageRequest request,
        IMessageSender sender,
        CancellationToken cancellationToken)
    {
        if (request.Payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Payload"] = ["The payload is required."] });
        }

        var id = request.Id ?? Guid.NewGuid();
        await sender.SendAsync(id, request.Type, request.Payload.GetRawText(), cancellationToken);
        return TypedResults.Accepted((string?)null, new EnqueuedMessageResponse(id));
    }
}
