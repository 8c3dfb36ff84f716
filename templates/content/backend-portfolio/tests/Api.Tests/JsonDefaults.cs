using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioSample.Api.Tests;

internal static class JsonDefaults
{
    /// <summary>The API's own wire format: web defaults with enums as strings.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
