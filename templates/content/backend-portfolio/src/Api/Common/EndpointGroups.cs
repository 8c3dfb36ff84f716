namespace PortfolioSample.Api.Common;

/// <summary>
/// The endpoints of one feature (a folder under Features/). Program.cs maps every implementation in this assembly
/// under /api, so a new feature slice plugs in without an edit to shared files.
/// </summary>
internal interface IEndpointGroup
{
    void MapEndpoints(IEndpointRouteBuilder api);
}

internal static class EndpointGroups
{
    /// <summary>Maps every <see cref="IEndpointGroup"/> in this assembly, in the order of their type names.</summary>
    public static IEndpointRouteBuilder MapEndpointGroups(this IEndpointRouteBuilder api)
    {
        var groups = typeof(IEndpointGroup).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(IEndpointGroup)))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            ((IEndpointGroup)Activator.CreateInstance(group)!).MapEndpoints(api);
        }

        return api;
    }
}
