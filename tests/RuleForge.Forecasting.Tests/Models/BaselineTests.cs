using MathNet.Numerics.LinearAlgebra;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;
using RuleForge.Forecasting.Tests.Support;

namespace RuleForge.Forecasting.Tests.Models;

public sealed class BaselineTests
{
    [Fact]
    public void Ridge_ar_recovers_the_coefficients_of_an_ar2_process()
    {
        var frame = Synthetic.Ar2(2000, seed: 1, noise: 0.3);

        var model = new RidgeArForecaster(new ForecastSpec { Target = "y", Lags = 2 }).Fit(frame, frame.Length - 1);

        model.Coefficients[1].ShouldBe(0.5, 0.05);
        model.Coefficients[2].ShouldBe(0.2, 0.05);
    }

    [Fact]
    public void Each_backtest_forecast_equals_ordinary_least_squares_on_the_rows_before_its_origin()
    {
        var frame = Synthetic.Ar2(80, seed: 2);
        var y = frame.Column("y");
        var forecasts = new RidgeArForecaster(new ForecastSpec { Target = "y", Lags = 3, Ridge = 0 }).Backtest(frame, 60, 61);

        // Direct OLS on targets 3..59 with lags 1..3, then the forecast of row 60.
        var rows = Enumerable.Range(3, 57).ToArray();
        var x = Matrix<double>.Build.Dense(rows.Length, 4, (i, j) => j == 0 ? 1 : y[rows[i] - j]);
        var beta = x.QR().Solve(Vector<double>.Build.DenseOfEnumerable(rows.Select(r => y[r])));
        var expected = beta[0] + (beta[1] * y[59]) + (beta[2] * y[58]) + (beta[3] * y[57]);

        forecasts[0].ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void Exogenous_lags_enter_the_ridge_model()
    {
        var frame = Synthetic.Ar2(400, seed: 3, effect: 0);
        var x = frame.Column("z");
        var y = frame.Column("y");
        for (var t = 1; t < y.Length; t++)
        {
            y[t] += 2 * x[t - 1];
        }

        var model = new RidgeArForecaster(new ForecastSpec { Target = "y", Lags = 2, Exogenous = ["z"] }).Fit(frame, frame.Length - 1);

        model.Features.ShouldBe(["y_lag1", "y_lag2", "z_lag1"]);
        model.Coefficients[3].ShouldBe(2, 0.1);
    }

    [Fact]
    public void Persistence_and_seasonal_naive_repeat_past_values()
    {
        var frame = Synthetic.Ar2(20, seed: 4);
        var y = frame.Column("y");

        new PersistenceForecaster(new ForecastSpec { Target = "y" }).Backtest(frame, 10, 12).ShouldBe([y[9], y[10]]);
        new SeasonalNaiveForecaster(new ForecastSpec { Target = "y", SeasonPeriod = 4 }).Backtest(frame, 10, 12).ShouldBe([y[6], y[7]]);
        new PersistenceForecaster(new ForecastSpec { Target = "y", Horizon = 3 }).Backtest(frame, 10, 11).ShouldBe([y[7]]);
    }

    [Fact]
    public void Metrics_follow_their_definitions()
    {
        double[] actual = [0, 2, 4, 5];
        double[] forecast = [1, 1, 5, 5];
        double[] previous = [1, 1, 2, 4];

        var m = ForecastMetrics.Compute(actual, forecast, previous);

        m.Steps.ShouldBe(4);
        m.Rmse.ShouldBe(Math.Sqrt(3.0 / 4), 1e-12);
        m.Mae.ShouldBe(0.75, 1e-12);
        m.MeanBiasError.ShouldBe(0.25, 1e-12);
        m.Mape.ShouldBe(100 * ((1 / 2.0) + (1 / 4.0) + 0) / 3, 1e-9); // the zero actual is ignored
        m.MedianAbsError.ShouldBe(1, 1e-12);
        m.P90AbsError.ShouldBe(1, 1e-12);
        var u2 = Math.Sqrt((1.0 + 1 + 0.25 + 0) / (1.0 + 1 + 1 + 0.0625));
        m.TheilU2.ShouldBe(u2, 1e-12);
        m.R2.ShouldBe(1 - (3 / 14.75), 1e-12);
    }
}
