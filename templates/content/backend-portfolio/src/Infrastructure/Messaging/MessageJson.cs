using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// The JSON of message payloads, as strict as the API reads requests: a missing field is poison, not its default;
/// numbers are JSON numbers.
/// </summary>
internal static class MessageJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string Serialize<T>(T message) => JsonSerializer.Serialize(message, Options);

    /// <summary>Reads a payload; a payload that is not the expected JSON is poison, not a transient failure.</summary>
    public static T Deserialize<T>(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Options) ?? throw new PoisonMessageException("The payload is null.");
        }
        catch (JsonException exception)
        {
            throw new PoisonMessageException($"The payload is not a valid {typeof(T).Name}: {exception.Message}");
        }
    }
}
