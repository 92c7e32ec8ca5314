using RuleForge.Core.Errors;

namespace RuleForge.Forecasting.Data;

/// <summary>Several variables over one time index: numeric columns (NaN = missing) and categorical columns (null = missing).</summary>
public sealed record TimeSeriesFrame
{
    public TimeSeriesFrame(IReadOnlyList<DateTime> times, IReadOnlyDictionary<string, double[]> numeric, IReadOnlyDictionary<string, string?[]>? categorical = null, string source = "frame")
    {
        Times = times;
        Numeric = numeric;
        Categorical = categorical ?? new Dictionary<string, string?[]>();
        Source = source;
        foreach (var (name, values) in Numeric)
        {
            if (values.Length != times.Count)
            {
                throw new ArgumentException($"column '{name}' has {values.Length} values for {times.Count} timestamps", nameof(numeric));
            }
        }
    }

    /// <summary>Timestamps in increasing order.</summary>
    public IReadOnlyList<DateTime> Times { get; }

    public IReadOnlyDictionary<string, double[]> Numeric { get; }

    public IReadOnlyDictionary<string, string?[]> Categorical { get; }

    /// <summary>Where the data came from, for error messages.</summary>
    public string Source { get; }

    public int Length => Times.Count;

    /// <summary>True when every gap between consecutive timestamps is the same (calendar months/quarters count as regular).</summary>
    public bool IsRegular
    {
        get
        {
            if (Length < 3)
            {
                return true;
            }

            var months = MonthsBetween(Times[0], Times[1]);
            var ticks = (Times[1] - Times[0]).Ticks;
            for (var i = 2; i < Length; i++)
            {
                var sameTicks = (Times[i] - Times[i - 1]).Ticks == ticks;
                var sameMonths = months > 0 && Times[i].Day == Times[0].Day && MonthsBetween(Times[i - 1], Times[i]) == months;
                if (!sameTicks && !sameMonths)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The numeric column, or an input error naming the source and the column.</summary>
    public double[] Column(string name) => Numeric.TryGetValue(name, out var values)
        ? values
        : throw new InputException($"{Source}: no numeric column '{name}' (numeric columns: {string.Join(", ", Numeric.Keys)})");

    /// <summary>First row at or after <paramref name="time"/>; <see cref="Length"/> when none.</summary>
    public int IndexAtOrAfter(DateTime time)
    {
        for (var i = 0; i < Length; i++)
        {
            if (Times[i] >= time)
            {
                return i;
            }
        }

        return Length;
    }

    /// <summary>Last row at or before <paramref name="time"/>; -1 when none.</summary>
    public int IndexAtOrBefore(DateTime time)
    {
        for (var i = Length - 1; i >= 0; i--)
        {
            if (Times[i] <= time)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Rows [start, end).</summary>
    public TimeSeriesFrame Slice(int start, int end) => new(
        Times.Skip(start).Take(end - start).ToArray(),
        Numeric.ToDictionary(kv => kv.Key, kv => kv.Value[start..end]),
        Categorical.ToDictionary(kv => kv.Key, kv => kv.Value[start..end]),
        Source);

    /// <summary>A copy with one more (or a replaced) numeric column.</summary>
    public TimeSeriesFrame With(string name, double[] values)
    {
        var numeric = new Dictionary<string, double[]>(Numeric) { [name] = values };
        return new TimeSeriesFrame(Times, numeric, Categorical, Source);
    }

    private static int MonthsBetween(DateTime a, DateTime b) => ((b.Year - a.Year) * 12) + b.Month - a.Month;
}
