using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Models;

/// <summary>A baseline model replayed over history: each forecast uses only rows up to its origin (target row − horizon).</summary>
public interface IForecaster
{
    /// <summary>Short name, e.g. <c>ridge</c>, <c>persistence</c>.</summary>
    string Name { get; }

    /// <summary>Forecasts of the target for rows [<paramref name="from"/>, <paramref name="to"/>), refitted on an expanding (or rolling) window at each origin; NaN where no forecast can be made.</summary>
    double[] Backtest(TimeSeriesFrame frame, int from, int to);
}
