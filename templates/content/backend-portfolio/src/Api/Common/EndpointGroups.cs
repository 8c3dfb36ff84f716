namespace PortfolioSample.Api.Common;

/// <summary>
/// The endpoints of one feature (a folder under Features/). Program.cs maps every implementation in this assembly
/// under /api, so a new feature slice plugs in without an edit to shared files.
/// </summary>
internal interface IEndpointGroup
{
    /// <summary>
    /// Where the feature's operations come in the OpenAPI document, and so in the API reference, which opens on the
    /// first: lowest first, ties by type name. A new slice comes after the built-in ones unless it says otherwise.
    /// </summary>
    int Position => 100;

    /// <summary>The tag the feature's operations are listed under in the OpenAPI document and the API reference.</summary>
    string Tag { get; }

    /// <summary>What the feature is for, shown under its tag in the API reference.</summary>
    string Description { get; }

    void MapEndpoints(IEndpointRouteBuilder api);
}

internal static class EndpointGroups
{
    /// <summary>Every <see cref="IEndpointGroup"/> in this assembly, in their <see cref="IEndpointGroup.Position"/>.</summary>
    public static IReadOnlyList<IEndpointGroup> All { get; } = typeof(IEndpointGroup).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(IEndpointGroup)))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (IEndpointGroup)Activator.CreateInstance(type)!)
        .OrderBy(group => group.Position)
        .ToList();

    /// <summary>Maps every feature's endpoints, each under its own tag.</summary>
    public static IEndpointRouteBuilder MapEndpointGroups(this IEndpointRouteBuilder api)
    {
        foreach (var group in All)
        {
            group.MapEndpoints(api);
        }

        return api;
    }
}
