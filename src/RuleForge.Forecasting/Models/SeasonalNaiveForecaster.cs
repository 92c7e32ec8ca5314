using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Models;

/// <summary>The value one season earlier (as many seasons back as the horizon needs).</summary>
public sealed class SeasonalNaiveForecaster(ForecastSpec spec) : IForecaster
{
    public string Name => "seasonal-naive";

    public double[] Backtest(TimeSeriesFrame frame, int from, int to)
    {
        var y = frame.Column(spec.Target);
        var m = spec.SeasonPeriod;
        var back = m * (int)Math.Ceiling(spec.Horizon / (double)m);
        var result = new double[to - from];
        for (var t = from; t < to; t++)
        {
            result[t - from] = t - back >= 0 ? y[t - back] : double.NaN;
        }

        return result;
    }
}
