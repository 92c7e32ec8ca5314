using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Forecasting.Curriculum;
using RuleForge.Forecasting.Models;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast curriculum</c>: order candidate training spans by error-reduction potential, regime coverage, edge cases and novelty.</summary>
internal static class CurriculumCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var options = new ForecastOptions();
        var window = new Option<int>("--window") { Description = "Span length in rows", DefaultValueFactory = _ => 20 };
        var stride = new Option<int>("--stride") { Description = "Rows between span starts", DefaultValueFactory = _ => 10 };
        var count = new Option<int?>("--count") { Description = "How many spans to pick (default: all)" };
        var weights = new Option<double[]>("--weights") { Description = "Weights of error reduction, coverage, edge cases, novelty (normalised to 1)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [0.4, 0.3, 0.15, 0.15] };
        var features = new Option<string[]>("--features") { Description = "State features (first three define regimes; default: the target then the other columns)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("curriculum", "Pick a sequence of training spans where the model is weak, regimes are new, edge cases occur and data is novel");
        options.AddTo(command);
        foreach (var o in new Option[] { window, stride, count, weights, features })
        {
            command.Options.Add(o);
        }

        command.Handle(console, time, async (ctx, ct) =>
        {
            var frame = await options.ReadAsync(ctx, ct);
            var spec = options.Spec(ctx, frame);
            var w = ctx.Value(weights);
            if (w.Length != 4)
            {
                throw new InputException($"--weights: give 4 numbers (error reduction, coverage, edge cases, novelty), got {w.Length}");
            }

            var forecaster = ForecasterFactory.Create(ctx.Value(options.Model), spec, ctx.Value(options.Seed));
            var warm = Math.Min(frame.Length - 1, Math.Max(20, (3 * (spec.Lags + 1)) + spec.Lags));
            var backtest = Backtest.Run(forecaster, frame, spec.Target, spec.Horizon, warm, frame.Length);
            var absError = Enumerable.Repeat(double.NaN, frame.Length).ToArray();
            for (var i = 0; i < backtest.Count; i++)
            {
                absError[backtest.Rows[i]] = Math.Abs(backtest.Forecast[i] - backtest.Actual[i]);
            }

            var featureList = ctx.Parse.GetValue(features) is { Length: > 0 } f ? f : new[] { spec.Target }.Concat(frame.Numeric.Keys.Where(k => k != spec.Target)).ToArray();
            var plan = new CurriculumPlanner().Plan(frame, featureList, absError, CurriculumPlanner.Windows(frame, ctx.Value(window), ctx.Value(stride)), new CurriculumWeights(w[0], w[1], w[2], w[3]), ctx.Parse.GetValue(count));
            if (ctx.Json)
            {
                ctx.WriteJson(new { weights = new CurriculumWeights(w[0], w[1], w[2], w[3]).Normalised(), steps = plan });
            }
            else
            {
                foreach (var s in plan)
                {
                    ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Order,3}. {s.Span.From:yyyy-MM-dd} … {s.Span.To:yyyy-MM-dd}  score {s.Score:F3}  (error {s.ErrorReduction:F2}, coverage {s.Coverage:F2}, edge {s.EdgeCases:F2}, novelty {s.Novelty:F2})"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
