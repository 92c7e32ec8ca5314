using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Models;

namespace RuleForge.Forecasting.Neural;

/// <summary>The MLP as a baseline: the same lag inputs as the ridge model, refitted every <see cref="ForecastSpec.RefitEvery"/> origins on the expanding window.</summary>
public sealed class MlpForecaster(ForecastSpec spec, MlpOptions options) : IForecaster
{
    public string Name => "mlp";

    public double[] Backtest(TimeSeriesFrame frame, int from, int to)
    {
        spec.Validate();
        var result = new double[to - from];
        MlpRegressor? model = null;
        for (var t = from; t < to; t++)
        {
            var origin = t - spec.Horizon;
            if (model is null || (t - from) % spec.RefitEvery == 0)
            {
                var (x, y) = TrainingRows(frame, spec, origin);
                if (x.Length < 8)
                {
                    result[t - from] = double.NaN;
                    continue;
                }

                model = new MlpRegressor(options);
                model.FitAsync(x, y, null, null, CancellationToken.None).GetAwaiter().GetResult();
            }

            result[t - from] = Inputs(frame, spec, origin) is { } input ? model.Predict(input) : double.NaN;
        }

        return result;
    }

    /// <summary>Complete (inputs, target) pairs whose target row is at or before <paramref name="lastKnown"/>.</summary>
    public static (double[][] X, double[] Y) TrainingRows(TimeSeriesFrame frame, ForecastSpec spec, int lastKnown)
    {
        var y = frame.Column(spec.Target);
        var xs = new List<double[]>();
        var ys = new List<double>();
        for (var o = 0; o + spec.Horizon <= lastKnown; o++)
        {
            if (Inputs(frame, spec, o) is { } input && !double.IsNaN(y[o + spec.Horizon]))
            {
                xs.Add(input);
                ys.Add(y[o + spec.Horizon]);
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>Target lags then exogenous lags at <paramref name="origin"/>; null when one is missing or before the data.</summary>
    public static double[]? Inputs(TimeSeriesFrame frame, ForecastSpec spec, int origin)
    {
        var values = new List<double>();
        var y = frame.Column(spec.Target);
        for (var k = 0; k < spec.Lags; k++)
        {
            values.Add(origin - k >= 0 ? y[origin - k] : double.NaN);
        }

        foreach (var name in spec.Exogenous)
        {
            var x = frame.Column(name);
            for (var k = 0; k < spec.ExogenousLags; k++)
            {
                values.Add(origin - k >= 0 ? x[origin - k] : double.NaN);
            }
        }

        return values.Any(double.IsNaN) ? null : values.ToArray();
    }
}
