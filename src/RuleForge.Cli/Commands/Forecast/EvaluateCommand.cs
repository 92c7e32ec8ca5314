using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast evaluate</c>: compare baselines on the same rolling-origin replay.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var options = new ForecastOptions();
        var from = new Option<string?>("--from") { Description = "First target date (default: the middle of the data)" };
        var to = new Option<string?>("--to") { Description = "Last target date (default: the end)" };
        var models = new Option<string[]>("--models") { Description = "Baselines to compare", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["persistence", "seasonal-naive", "ridge"] };
        var command = new Command("evaluate", "Compare baselines (persistence, seasonal naive, ridge AR, MLP) on one rolling-origin replay");
        options.AddTo(command, model: false);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(models);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var frame = await options.ReadAsync(ctx, ct);
            var spec = options.Spec(ctx, frame);
            var fromRow = ctx.Parse.GetValue(from) is { } f ? frame.IndexAtOrAfter(ForecastOptions.ParseDate(f, "--from")) : frame.Length / 2;
            var toRow = ctx.Parse.GetValue(to) is { } t ? frame.IndexAtOrBefore(ForecastOptions.ParseDate(t, "--to")) + 1 : frame.Length;
            var results = new List<object>();
            foreach (var name in ctx.Value(models))
            {
                ct.ThrowIfCancellationRequested();
                var forecaster = ForecasterFactory.Create(name, spec, ctx.Value(options.Seed));
                var b = Backtest.Run(forecaster, frame, spec.Target, spec.Horizon, fromRow, toRow);
                var m = ForecastMetrics.Compute(b.Actual, b.Forecast, b.Previous);
                results.Add(new { model = forecaster.Name, metrics = m });
                if (!ctx.Json)
                {
                    ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{forecaster.Name,-15} rmse {m.Rmse,9:F4}  mae {m.Mae,9:F4}  r² {m.R2,7:F3}  mape {m.Mape,7:F2}%  U2 {m.TheilU2,6:F3}  ({m.Steps} steps)"));
                }
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new { target = spec.Target, horizon = spec.Horizon, results });
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
