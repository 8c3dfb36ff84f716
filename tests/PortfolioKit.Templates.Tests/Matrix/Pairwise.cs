namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>
/// A small all-pairs generator: rows of option values such that every value of every option meets every value of
/// every other option in at least one row. Greedy over the full product (tens of combinations here), deterministic.
/// </summary>
public static class Pairwise
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(IReadOnlyList<(string Option, string[] Values)> factors) =>
        Rows(factors, seeds: [], alreadyCovered: []);

    /// <summary>
    /// Rows that start with <paramref name="seeds"/> (rows the suite needs whatever the generator would pick) and add
    /// as few as the greedy search finds until every pair not in <paramref name="alreadyCovered"/> is in some row.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(
        IReadOnlyList<(string Option, string[] Values)> factors,
        IReadOnlyList<IReadOnlyDictionary<string, string>> seeds,
        IEnumerable<string> alreadyCovered)
    {
        var uncovered = AllPairs(factors).ToHashSet();
        uncovered.ExceptWith(alreadyCovered);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var seed in seeds)
        {
            uncovered.ExceptWith(PairsOf(seed, factors));
            rows.Add(seed);
        }

        var candidates = Product(factors).ToList();
        while (uncovered.Count > 0)
        {
            // The first candidate that covers the most pairs still uncovered: deterministic, and close to minimal.
            var best = candidates.MaxBy(candidate => PairsOf(candidate, factors).Count(uncovered.Contains))!;
            uncovered.ExceptWith(PairsOf(best, factors));
            rows.Add(best);
        }

        return rows;
    }

    /// <summary>Every pair of option values the rows must cover, as "option=value|option=value".</summary>
    public static IEnumerable<string> AllPairs(IReadOnlyList<(string Option, string[] Values)> factors)
    {
        for (var first = 0; first < factors.Count; first++)
        {
            for (var second = first + 1; second < factors.Count; second++)
            {
                foreach (var a in factors[first].Values)
                {
                    foreach (var b in factors[second].Values)
                    {
                        yield return Pair(factors[first].Option, a, factors[second].Option, b);
                    }
                }
            }
        }
    }

    public static IEnumerable<string> PairsOf(IReadOnlyDictionary<string, string> row, IReadOnlyList<(string Option, string[] Values)> factors)
    {
        for (var first = 0; first < factors.Count; first++)
        {
            for (var second = first + 1; second < factors.Count; second++)
            {
                yield return Pair(factors[first].Option, row[factors[first].Option], factors[second].Option, row[factors[second].Option]);
            }
        }
    }

    private static string Pair(string option, string value, string otherOption, string otherValue) => $"{option}={value}|{otherOption}={otherValue}";

    private static IEnumerable<IReadOnlyDictionary<string, string>> Product(IReadOnlyList<(string Option, string[] Values)> factors)
    {
        IEnumerable<Dictionary<string, string>> rows = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (option, values) in factors)
        {
            rows = rows.SelectMany(row => values.Select(value => new Dictionary<string, string>(row, StringComparer.Ordinal) { [option] = value })).ToList();
        }

        return rows;
    }
}
