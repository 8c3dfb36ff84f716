using System.Text.Json.Nodes;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// An overlay: the rendered file (null when the overlay is absent or failed: <paramref name="RenderError"/> says
/// which), its objects, and the schema violations, each naming the object and the field.
/// </summary>
public sealed record RenderedOverlay(string Name, string? File, string? RenderError, IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> SchemaErrors);
