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

    void MapEndpoints(IEndpointRouteBuilder api);
}

internal static class EndpointGroups
{
    /// <summary>Maps every <see cref="IEndpointGroup"/> in this assembly, in their <see cref="IEndpointGroup.Position"/>.</summary>
    public static IEndpointRouteBuilder MapEndpointGroups(this IEndpointRouteBuilder api)
    {
        var groups = typeof(IEndpointGroup).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(IEndpointGroup)))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (IEndpointGroup)Activator.CreateInstance(type)!)
            .OrderBy(group => group.Position);
        foreach (var group in groups)
        {
            group.MapEndpoints(api);
        }

        return api;
    }
}
