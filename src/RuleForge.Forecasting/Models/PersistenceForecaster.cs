using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Models;

/// <summary>The no-change forecast: the last observed value at the origin.</summary>
public sealed class PersistenceForecaster(ForecastSpec spec) : IForecaster
{
    public string Name => "persistence";

    public double[] Backtest(TimeSeriesFrame frame, int from, int to)
    {
        var y = frame.Column(spec.Target);
        var result = new double[to - from];
        for (var t = from; t < to; t++)
        {
            var o = t - spec.Horizon;
            while (o >= 0 && double.IsNaN(y[o]))
            {
                o--;
            }

            result[t - from] = o >= 0 ? y[o] : double.NaN;
        }

        return result;
    }
}
