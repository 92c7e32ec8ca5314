namespace RuleForge.Tabular.Data;

/// <summary>Summary of one column for people and prompts: type, missing count and range or most frequent values.</summary>
public sealed record ColumnStatistics
{
    public required string Name { get; init; }

    public required ColumnKind Kind { get; init; }

    public int Missing { get; init; }

    public int Distinct { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Mean { get; init; }

    public double? StdDev { get; init; }

    /// <summary>Most frequent categories with their counts (nominal columns; at most 20).</summary>
    public IReadOnlyDictionary<string, int> TopValues { get; init; } = new Dictionary<string, int>();

    /// <summary>Computes the statistics of a column over the given rows (all rows when null).</summary>
    public static ColumnStatistics Of(DataColumn column, IReadOnlyList<int>? rows = null)
    {
        var n = rows?.Count ?? column.Length;
        var missing = 0;
        if (column.IsNumeric)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sq = 0;
            var distinct = new HashSet<double>();
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                var v = column.Numbers[rows?[i] ?? i];
                if (double.IsNaN(v))
                {
                    missing++;
                    continue;
                }

                count++;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                sum += v;
                sq += v * v;
                if (distinct.Count < 100_000)
                {
                    distinct.Add(v);
                }
            }

            var mean = count > 0 ? sum / count : (double?)null;
            return new ColumnStatistics
            {
                Name = column.Name,
                Kind = column.Kind,
                Missing = missing,
                Distinct = distinct.Count,
                Min = count > 0 ? min : null,
                Max = count > 0 ? max : null,
                Mean = mean,
                StdDev = count > 1 ? Math.Sqrt(Math.Max(0, (sq - (count * mean!.Value * mean.Value)) / (count - 1))) : null,
            };
        }

        var counts = new int[column.Categories.Count];
        for (var i = 0; i < n; i++)
        {
            var c = column.Codes[rows?[i] ?? i];
            if (c < 0)
            {
                missing++;
            }
            else
            {
                counts[c]++;
            }
        }

        var top = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0)
            .OrderByDescending(c => counts[c]).ThenBy(c => c).Take(20)
            .ToDictionary(c => column.Categories[c], c => counts[c], StringComparer.Ordinal);
        return new ColumnStatistics
        {
            Name = column.Name,
            Kind = column.Kind,
            Missing = missing,
            Distinct = counts.Count(c => c > 0),
            TopValues = top,
        };
    }
}
