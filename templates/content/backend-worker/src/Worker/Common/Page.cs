namespace PortfolioSample.Worker.Common;

/// <summary>
/// One page of a list. Lists use keyset paging: pass <see cref="NextCursor"/> back as <c>cursor</c> to get the
/// next page. Unlike OFFSET paging, a deep page costs the same as the first one.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int? NextCursor);

internal static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>
    /// Builds a page from a query that fetched one row more than <paramref name="limit"/>: that extra row only
    /// tells whether another page exists.
    /// </summary>
    public static Page<T> ToPage<T>(List<T> rowsPlusOne, int limit, Func<T, int> idOf)
    {
        if (rowsPlusOne.Count <= limit)
        {
            return new Page<T>(rowsPlusOne, null);
        }

        rowsPlusOne.RemoveAt(rowsPlusOne.Count - 1);
        return new Page<T>(rowsPlusOne, idOf(rowsPlusOne[^1]));
    }
}
