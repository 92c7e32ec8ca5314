using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Models;

/// <summary>A rolling-origin replay of a baseline: for each target row, what happened, what was forecast, and the value one step before.</summary>
public sealed record Backtest
{
    /// <summary>Target rows, in order.</summary>
    public required int[] Rows { get; init; }

    public required double[] Actual { get; init; }

    public required double[] Forecast { get; init; }

    /// <summary>The actual value one row before each target row (for Theil's U2).</summary>
    public required double[] Previous { get; init; }

    /// <summary>The origin row of each forecast (target row − horizon); rule conditions are read there.</summary>
    public required int[] Origins { get; init; }

    public int Count => Rows.Length;

    /// <summary>Replays <paramref name="forecaster"/> over target rows [from, to).</summary>
    public static Backtest Run(IForecaster forecaster, TimeSeriesFrame frame, string target, int horizon, int from, int to)
    {
        from = Math.Max(from, horizon);
        to = Math.Min(to, frame.Length);
        if (to <= from)
        {
            throw new Core.Errors.InputException($"{frame.Source}: the replay span is empty (rows {from}..{to})");
        }

        var y = frame.Column(target);
        var forecast = forecaster.Backtest(frame, from, to);
        var rows = Enumerable.Range(from, to - from).ToArray();
        return new Backtest
        {
            Rows = rows,
            Actual = rows.Select(r => y[r]).ToArray(),
            Forecast = forecast,
            Previous = rows.Select(r => r > 0 ? y[r - 1] : double.NaN).ToArray(),
            Origins = rows.Select(r => r - horizon).ToArray(),
        };
    }

    /// <summary>The part of the replay whose target rows fall in [from, to).</summary>
    public Backtest Slice(int fromRow, int toRow)
    {
        var keep = Enumerable.Range(0, Count).Where(i => Rows[i] >= fromRow && Rows[i] < toRow).ToArray();
        return new Backtest
        {
            Rows = keep.Select(i => Rows[i]).ToArray(),
            Actual = keep.Select(i => Actual[i]).ToArray(),
            Forecast = keep.Select(i => Forecast[i]).ToArray(),
            Previous = keep.Select(i => Previous[i]).ToArray(),
            Origins = keep.Select(i => Origins[i]).ToArray(),
        };
    }
}
