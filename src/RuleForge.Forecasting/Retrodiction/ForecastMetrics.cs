namespace RuleForge.Forecasting.Retrodiction;

/// <summary>Accuracy of forecasts against what happened. Bias is forecast − actual (positive = over-forecast); MAPE ignores zero actuals; Theil's U2 is relative to the no-change forecast (below 1 beats it).</summary>
public sealed record ForecastMetrics
{
    public int Steps { get; init; }

    public double Rmse { get; init; }

    public double Mae { get; init; }

    public double R2 { get; init; }

    /// <summary>Mean absolute percentage error in %, over steps with a non-zero actual.</summary>
    public double Mape { get; init; }

    public double MeanBiasError { get; init; }

    public double MedianAbsError { get; init; }

    public double P90AbsError { get; init; }

    public double TheilU2 { get; init; }

    /// <summary>Metrics of forecasts <paramref name="forecast"/> of <paramref name="actual"/>; <paramref name="previous"/> holds the actual one step before each (for U2). Steps with a missing value are skipped.</summary>
    public static ForecastMetrics Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, ReadOnlySpan<double> previous)
    {
        var n = 0;
        double sse = 0, sae = 0, sbias = 0, sumY = 0, sumY2 = 0, sape = 0;
        int nape = 0;
        double u2num = 0, u2den = 0;
        var abs = new List<double>(actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            var y = actual[i];
            var f = forecast[i];
            if (double.IsNaN(y) || double.IsNaN(f))
            {
                continue;
            }

            var e = f - y;
            n++;
            sse += e * e;
            sae += Math.Abs(e);
            sbias += e;
            sumY += y;
            sumY2 += y * y;
            abs.Add(Math.Abs(e));
            if (y != 0)
            {
                sape += Math.Abs(e / y);
                nape++;
            }

            var p = previous.Length > i ? previous[i] : double.NaN;
            if (!double.IsNaN(p) && p != 0)
            {
                u2num += (e / p) * (e / p);
                u2den += ((y - p) / p) * ((y - p) / p);
            }
        }

        if (n == 0)
        {
            return new ForecastMetrics { Rmse = double.NaN, Mae = double.NaN, R2 = double.NaN, Mape = double.NaN, MeanBiasError = double.NaN, MedianAbsError = double.NaN, P90AbsError = double.NaN, TheilU2 = double.NaN };
        }

        abs.Sort();
        var sst = sumY2 - (sumY * sumY / n);
        return new ForecastMetrics
        {
            Steps = n,
            Rmse = Math.Sqrt(sse / n),
            Mae = sae / n,
            R2 = sst > 0 ? 1 - (sse / sst) : double.NaN,
            Mape = nape > 0 ? 100 * sape / nape : double.NaN,
            MeanBiasError = sbias / n,
            MedianAbsError = Quantile(abs, 0.5),
            P90AbsError = Quantile(abs, 0.9),
            TheilU2 = u2den > 0 ? Math.Sqrt(u2num / u2den) : double.NaN,
        };
    }

    /// <summary>Linear-interpolated quantile of sorted values (the R-7 / numpy default definition).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
