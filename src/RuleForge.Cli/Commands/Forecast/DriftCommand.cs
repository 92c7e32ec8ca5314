using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Drift;
using RuleForge.Storage;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast drift</c>: per-feature KS / χ² tests between training data and new data; a drift event goes into the run store.</summary>
internal static class DriftCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var reference = new Option<string>("--reference") { Description = "The model's training data (CSV/JSONL)", Required = true };
        var current = new Option<string?>("--current") { Description = "New data (default: the rows of --reference after --split)" };
        var split = new Option<string?>("--split") { Description = "With a single file: rows up to this date are the reference, later rows the new data" };
        var alpha = new Option<double>("--alpha") { Description = "Drift when a feature's p-value is below this", DefaultValueFactory = _ => 0.01 };
        var features = new Option<string[]>("--features") { Description = "Features to test (default: all shared columns)", AllowMultipleArgumentsPerToken = true };
        var run = new Option<string?>("--run") { Description = "Record the drift event on this run (default: a new forecast-drift run)" };
        var timeColumn = new Option<string?>("--time-column") { Description = "Date/timestamp column of the time index" };
        var command = new Command("drift", "Test every feature for drift between training data and new data (Kolmogorov–Smirnov, χ²)");
        foreach (var o in new Option[] { reference, current, split, alpha, features, run, timeColumn })
        {
            command.Options.Add(o);
        }

        command.Handle(console, time, async (ctx, ct) =>
        {
            var spec = ctx.Parse.GetValue(timeColumn) is { } tc ? new TimeIndexSpec { DateColumn = tc } : TimeIndexSpec.Auto;
            var refFrame = await TimeSeriesReader.ReadAsync(ctx.Value(reference), spec, ct);
            TimeSeriesFrame curFrame;
            if (ctx.Parse.GetValue(current) is { } cur)
            {
                curFrame = await TimeSeriesReader.ReadAsync(cur, spec, ct);
            }
            else if (ctx.Parse.GetValue(split) is { } s)
            {
                var cut = refFrame.IndexAtOrBefore(ForecastOptions.ParseDate(s, "--split")) + 1;
                curFrame = refFrame.Slice(cut, refFrame.Length);
                refFrame = refFrame.Slice(0, cut);
            }
            else
            {
                throw new InputException("drift needs --current <file> or --split <date>");
            }

            var options = new DriftOptions { Alpha = ctx.Value(alpha), Features = ctx.Parse.GetValue(features) ?? [] };
            await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
            var runId = ctx.Parse.GetValue(run);
            var created = false;
            if (runId is null)
            {
                runId = $"drift-{ctx.Time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
                await db.Runs.CreateRunAsync(new RunRecord { Id = runId, Domain = "forecast-drift", Target = "*", ParametersJson = CanonicalJson.Serialize(new { reference = ctx.Value(reference), current = ctx.Parse.GetValue(current), alpha = options.Alpha }) }, ct);
                created = true;
            }

            var report = await new DriftMonitor(db.Runs, ctx.Time).CheckAsync(runId, refFrame, curFrame, options, ct);
            if (created)
            {
                await db.Runs.CompleteRunAsync(runId, RunStatus.Completed, null, CanonicalJson.Serialize(new { drifted = report.DriftedFeatures }), null, ct);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new { drifted = report.Drifted, runId, alpha = report.Alpha, features = report.Features });
            }
            else
            {
                foreach (var f in report.Features)
                {
                    ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Feature,-20} {f.Test,-5} stat {f.Statistic,9:G4}  p {f.PValue,9:G3}  {(f.Drifted ? "DRIFT" : "ok")}"));
                }

                ctx.WriteLine(report.Drifted ? $"drift detected (event recorded on run {runId})" : "no drift");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
