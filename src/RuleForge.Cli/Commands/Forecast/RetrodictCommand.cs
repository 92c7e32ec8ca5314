using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Forecasting.Rules;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast retrodict</c>: replay a baseline (and optionally a rule set) over history, one forecast per origin.</summary>
internal static class RetrodictCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var options = new ForecastOptions();
        var from = new Option<string?>("--from") { Description = "First target date of the replay (default: the middle of the data)" };
        var to = new Option<string?>("--to") { Description = "Last target date of the replay (default: the end)" };
        var rules = new Option<string?>("--rules") { Description = "Canonical JSON rule set (or array of rules) to apply on top of the baseline" };
        var command = new Command("retrodict", "Replay a baseline over history with an expanding window refitted at every origin; with --rules, compare with and without the rules");
        options.AddTo(command);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(rules);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var frame = await options.ReadAsync(ctx, ct);
            var spec = options.Spec(ctx, frame);
            var fromRow = ctx.Parse.GetValue(from) is { } f ? frame.IndexAtOrAfter(ForecastOptions.ParseDate(f, "--from")) : frame.Length / 2;
            var toRow = ctx.Parse.GetValue(to) is { } t ? frame.IndexAtOrBefore(ForecastOptions.ParseDate(t, "--to")) + 1 : frame.Length;
            var forecaster = ForecasterFactory.Create(ctx.Value(options.Model), spec, ctx.Value(options.Seed));
            var backtest = Backtest.Run(forecaster, frame, spec.Target, spec.Horizon, fromRow, toRow);
            var metrics = ForecastMetrics.Compute(backtest.Actual, backtest.Forecast, backtest.Previous);
            RetrodictionReport? report = null;
            if (ctx.Parse.GetValue(rules) is { } rulesPath)
            {
                var ruleList = await ForecastRuleFile.ReadAsync(rulesPath, ct);
                var evaluator = new RetrodictionEvaluator(frame, backtest, new RetrodictionOptions { Seed = ctx.Value(options.Seed) });
                report = evaluator.Evaluate(ruleList, spec.Target, spec.Horizon);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new
                {
                    rmse = metrics.Rmse,
                    mae = metrics.Mae,
                    steps = metrics.Steps,
                    r2 = metrics.R2,
                    mape = metrics.Mape,
                    meanBiasError = metrics.MeanBiasError,
                    medianAbsError = metrics.MedianAbsError,
                    p90AbsError = metrics.P90AbsError,
                    theilU2 = metrics.TheilU2,
                    model = forecaster.Name,
                    target = spec.Target,
                    from = frame.Times[backtest.Rows[0]].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    to = frame.Times[backtest.Rows[^1]].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    rules = report,
                });
            }
            else
            {
                ctx.WriteLine($"{forecaster.Name} on {spec.Target}, {metrics.Steps} one-step forecasts {frame.Times[backtest.Rows[0]]:yyyy-MM-dd} … {frame.Times[backtest.Rows[^1]]:yyyy-MM-dd}");
                ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rmse {metrics.Rmse:F4}  mae {metrics.Mae:F4}  r² {metrics.R2:F4}  mape {metrics.Mape:F2}%  bias {metrics.MeanBiasError:F4}  U2 {metrics.TheilU2:F4}"));
                if (report is not null)
                {
                    ctx.WriteLine(report.Describe());
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
