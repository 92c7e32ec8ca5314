namespace RuleForge.Forecasting.Data;

/// <summary>Blends several sources on a common time index: the union (outer, gaps become missing) or intersection (inner) of their timestamps.</summary>
public static class TimeSeriesBlender
{
    /// <summary>Joins <paramref name="sources"/> by timestamp; a column name seen twice is prefixed by its source's key (<c>key.column</c>).</summary>
    public static TimeSeriesFrame Blend(IReadOnlyList<(string Key, TimeSeriesFrame Frame)> sources, bool inner = false)
    {
        var sets = sources.Select(s => s.Frame.Times.ToHashSet()).ToArray();
        var times = inner
            ? sets.Skip(1).Aggregate(new HashSet<DateTime>(sets.Length > 0 ? sets[0] : []), (acc, s) => { acc.IntersectWith(s); return acc; })
            : sets.SelectMany(s => s).ToHashSet();
        var index = times.Order().ToArray();
        var position = index.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var counts = sources.SelectMany(s => s.Frame.Numeric.Keys.Concat(s.Frame.Categorical.Keys)).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var numeric = new Dictionary<string, double[]>();
        var categorical = new Dictionary<string, string?[]>();
        foreach (var (key, frame) in sources)
        {
            string NameOf(string c) => counts[c] > 1 ? $"{key}.{c}" : c;
            foreach (var (name, values) in frame.Numeric)
            {
                var column = Enumerable.Repeat(double.NaN, index.Length).ToArray();
                for (var i = 0; i < frame.Length; i++)
                {
                    if (position.TryGetValue(frame.Times[i], out var p))
                    {
                        column[p] = values[i];
                    }
                }

                numeric[NameOf(name)] = column;
            }

            foreach (var (name, values) in frame.Categorical)
            {
                var column = new string?[index.Length];
                for (var i = 0; i < frame.Length; i++)
                {
                    if (position.TryGetValue(frame.Times[i], out var p))
                    {
                        column[p] = values[i];
                    }
                }

                categorical[NameOf(name)] = column;
            }
        }

        return new TimeSeriesFrame(index, numeric, categorical, string.Join("+", sources.Select(s => s.Key)));
    }
}
