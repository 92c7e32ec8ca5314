using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Generators;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;
using RuleForge.Forecasting.Tests.Support;
using RuleForge.Storage;
using RuleForge.Testing;

namespace RuleForge.Forecasting.Tests.Generators;

/// <summary>The judged protocol on ../shared macrodata (skipped outside CI when the folder is absent).</summary>
public sealed class MacrodataTests
{
    [Theory]
    [InlineData("infl", 2.519910)]
    [InlineData("unemp", 0.205141)]
    public async Task Ridge_ar4_one_step_from_1990_matches_the_statsmodels_autoreg_rmse(string target, double statsmodelsRmse)
    {
        if (SharedData.Require(null, "timeseries", "macrodata.csv") is not { } path)
        {
            return;
        }

        var frame = await TimeSeriesReader.ReadAsync(path);
        var from = frame.IndexAtOrAfter(new DateTime(1990, 1, 1));
        var backtest = Backtest.Run(new RidgeArForecaster(new ForecastSpec { Target = target, Lags = 4 }), frame, target, 1, from, frame.Length);

        var m = ForecastMetrics.Compute(backtest.Actual, backtest.Forecast, backtest.Previous);

        m.Steps.ShouldBe(79);
        (Math.Abs(m.Rmse - statsmodelsRmse) / statsmodelsRmse).ShouldBeLessThan(0.02);
    }

    [Theory]
    [InlineData("infl")]
    [InlineData("unemp")]
    public async Task Rules_learned_on_1960_to_1989_improve_1990_to_2009_or_none_survive(string target)
    {
        if (SharedData.Require(null, "timeseries", "macrodata.csv") is not { } path)
        {
            return;
        }

        using var folder = new TempFolder();
        await using var db = await RuleForgeDatabase.OpenAsync(folder.File("rf.db"), default);
        var frame = await TimeSeriesReader.ReadAsync(path);

        var result = await new ForecastLearner(db.Runs, new SymbolicForecastGenerator())
            .LearnAsync(new ForecastLearnRequest { Frame = frame, Target = target, TrainUntil = new DateTime(1989, 12, 31) }, "macro", null, default);

        result.TestSteps.ShouldBe(79);
        if (result.RuleCount == 0)
        {
            result.Message.ShouldContain("no rule survived validation");
            result.RulesRmse.ShouldBe(result.BaselineRmse);
        }
        else
        {
            result.RulesRmse.ShouldBeLessThan(result.BaselineRmse);
        }
    }
}
