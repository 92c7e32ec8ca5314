using MathNet.Numerics.LinearAlgebra;
using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Models;

/// <summary>
/// Ridge autoregression with exogenous lags: y[o+h] = c + Σ a_k y[o−k+1] + Σ b_jk x_j[o−k+1]. The normal equations are
/// accumulated row by row as the window expands, so refitting at every origin costs one p×p solve.
/// </summary>
public sealed class RidgeArForecaster(ForecastSpec spec) : IForecaster
{
    public string Name => "ridge";

    /// <summary>Feature names in coefficient order (after the intercept).</summary>
    public IReadOnlyList<string> FeatureNames =>
        Enumerable.Range(1, spec.Lags).Select(k => $"{spec.Target}_lag{k}")
            .Concat(spec.Exogenous.SelectMany(x => Enumerable.Range(1, spec.ExogenousLags).Select(k => $"{x}_lag{k}")))
            .ToArray();

    public double[] Backtest(TimeSeriesFrame frame, int from, int to)
    {
        spec.Validate();
        var columns = Columns(frame);
        var p = 1 + (spec.Lags + (spec.Exogenous.Count * spec.ExogenousLags));
        var h = spec.Horizon;
        var first = MaxLag - 1;
        var xtx = new double[p * p];
        var xty = new double[p];
        var row = new double[p];
        var count = 0;
        var added = first - 1;      // last origin added to the normal equations
        var removed = first - 1;    // last origin removed (rolling window)
        double[]? beta = null;
        var result = new double[to - from];
        for (var t = from; t < to; t++)
        {
            var origin = t - h;
            var newest = origin - h;
            while (added < newest)
            {
                added++;
                if (Features(columns, added, row) && !double.IsNaN(columns.Y[added + h]))
                {
                    Accumulate(xtx, xty, row, columns.Y[added + h], +1);
                    count++;
                }
            }

            while (spec.Window is { } w && removed < newest - w)
            {
                removed++;
                if (removed >= first && Features(columns, removed, row) && !double.IsNaN(columns.Y[removed + h]))
                {
                    Accumulate(xtx, xty, row, columns.Y[removed + h], -1);
                    count--;
                }
            }

            if (beta is null || (t - from) % spec.RefitEvery == 0)
            {
                beta = count > p ? Solve(xtx, xty, p) : null;
            }

            result[t - from] = beta is not null && origin >= first && Features(columns, origin, row) ? Dot(beta, row) : double.NaN;
        }

        return result;
    }

    /// <summary>Fits on every usable origin whose target row is at or before <paramref name="lastRow"/>.</summary>
    public RidgeArModel Fit(TimeSeriesFrame frame, int lastRow)
    {
        spec.Validate();
        var columns = Columns(frame);
        var p = 1 + (spec.Lags + (spec.Exogenous.Count * spec.ExogenousLags));
        var xtx = new double[p * p];
        var xty = new double[p];
        var row = new double[p];
        var count = 0;
        var start = spec.Window is { } w ? Math.Max(MaxLag - 1, lastRow - spec.Horizon - w + 1) : MaxLag - 1;
        for (var o = start; o + spec.Horizon <= lastRow; o++)
        {
            if (Features(columns, o, row) && !double.IsNaN(columns.Y[o + spec.Horizon]))
            {
                Accumulate(xtx, xty, row, columns.Y[o + spec.Horizon], +1);
                count++;
            }
        }

        if (count <= p)
        {
            throw new Core.Errors.InputException($"{frame.Source}: only {count} complete training rows for {p} coefficients of '{spec.Target}'");
        }

        return new RidgeArModel(spec, FeatureNames, Solve(xtx, xty, p), count);
    }

    /// <summary>The forecast of a fitted model made at <paramref name="origin"/> for row origin + horizon; NaN when an input is missing.</summary>
    public static double Predict(RidgeArModel model, TimeSeriesFrame frame, int origin)
    {
        var f = new RidgeArForecaster(model.Spec);
        var columns = f.Columns(frame);
        var row = new double[model.Coefficients.Count];
        return origin >= f.MaxLag - 1 && f.Features(columns, origin, row) ? Dot(model.Coefficients.ToArray(), row) : double.NaN;
    }

    private int MaxLag => Math.Max(Math.Max(spec.Lags, spec.Exogenous.Count > 0 ? spec.ExogenousLags : 0), 1);

    private (double[] Y, double[][] X) Columns(TimeSeriesFrame frame) =>
        (frame.Column(spec.Target), spec.Exogenous.Select(frame.Column).ToArray());

    private bool Features((double[] Y, double[][] X) columns, int origin, double[] row)
    {
        row[0] = 1;
        var j = 1;
        for (var k = 0; k < spec.Lags; k++)
        {
            row[j++] = columns.Y[origin - k];
        }

        foreach (var x in columns.X)
        {
            for (var k = 0; k < spec.ExogenousLags; k++)
            {
                row[j++] = x[origin - k];
            }
        }

        for (var i = 1; i < row.Length; i++)
        {
            if (double.IsNaN(row[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void Accumulate(double[] xtx, double[] xty, double[] row, double y, int sign)
    {
        var p = row.Length;
        for (var i = 0; i < p; i++)
        {
            var ri = sign * row[i];
            xty[i] += ri * y;
            for (var j = 0; j < p; j++)
            {
                xtx[(i * p) + j] += ri * row[j];
            }
        }
    }

    private double[] Solve(double[] xtx, double[] xty, int p)
    {
        var a = Matrix<double>.Build.Dense(p, p, (i, j) => xtx[(i * p) + j] + (i == j && i > 0 ? spec.Ridge * Math.Max(1.0, xtx[(i * p) + i] / Math.Max(1.0, xtx[0])) : 0));
        var b = Vector<double>.Build.DenseOfArray(xty);
        return a.Svd().Solve(b).ToArray();
    }

    private static double Dot(double[] beta, double[] row)
    {
        var s = 0.0;
        for (var i = 0; i < beta.Length; i++)
        {
            s += beta[i] * row[i];
        }

        return s;
    }
}
