using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Commands.Rules;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Metrics;

namespace RuleForge.Cli.Commands;

/// <summary><c>ruleforge metrics …</c>: record, history, summary, compare.</summary>
public static class MetricsCommands
{
    private const string SubjectHelp = "kind:id, e.g. rule:ID@2, run:ID, model:NAME";

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var metrics = new Command("metrics", "Record and compare metrics of rule versions, runs and models");
        metrics.Subcommands.Add(Record(console, time));
        metrics.Subcommands.Add(History(console, time));
        metrics.Subcommands.Add(Summary(console, time));
        metrics.Subcommands.Add(Compare(console, time));
        return metrics;
    }

    private static Option<string[]> NameOption() => new("--name", "-n") { Description = "Only these metrics (repeatable)", AllowMultipleArgumentsPerToken = true };

    private static Command Record(CliConsole console, TimeProvider time)
    {
        var subject = new Option<string>("--subject", "-s") { Description = SubjectHelp, Required = true };
        var metric = new Option<string[]>("--metric", "-m") { Description = "name=value (repeatable), e.g. --metric f1=0.82 --metric rmse=1.3", Required = true, AllowMultipleArgumentsPerToken = true };
        var context = new Option<string[]>("--context", "-c") { Description = "key=value describing the measurement (repeatable), e.g. dataset=credit-g" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "When it was measured (ISO 8601; default now)" };
        var command = new Command("record", "Record metric values for a subject") { subject, metric, context, at };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, text) in Pairs(ctx.Value(metric), "--metric"))
            {
                values[name] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                    ? v
                    : throw new InputException($"--metric {name}={text}: '{text}' is not a finite number");
            }

            var contextValues = Pairs(ctx.Value(context) ?? [], "--context").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            await using var db = ctx.OpenDatabase();
            var points = await db.Metrics.RecordAsync(MetricSubject.Parse(ctx.Value(subject)), values, contextValues, ctx.Value(at), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(points);
            }
            else
            {
                ctx.WriteLine($"recorded {points.Count} metric(s) for {ctx.Value(subject)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command History(CliConsole console, TimeProvider time)
    {
        var subject = new Option<string?>("--subject", "-s") { Description = SubjectHelp + " (default: every subject)" };
        var names = NameOption();
        var from = new Option<DateTimeOffset?>("--from") { Description = "Recorded at or after (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Recorded before (ISO 8601)" };
        var limit = new Option<int>("--limit") { Description = "At most this many (the most recent)", DefaultValueFactory = _ => 100 };
        var command = new Command("history", "Show recorded metric values, oldest first") { subject, names, from, to, limit };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var points = await db.Metrics.GetHistoryAsync(new MetricHistoryQuery
            {
                Subject = ctx.Value(subject) is { } s ? MetricSubject.Parse(s) : null,
                Names = ctx.Value(names) ?? [],
                From = ctx.Value(from),
                To = ctx.Value(to),
                Limit = ctx.Value(limit),
            }, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(points);
            }
            else
            {
                ctx.WriteTable(
                    ["at", "subject", "metric", "value", "context"],
                    points.Select(p => (IReadOnlyList<string?>)
                    [
                        p.At.ToString("u", CultureInfo.InvariantCulture), p.Subject.ToString(), p.Name, RuleOutput.Number(p.Value),
                        string.Join(", ", p.Context.Select(c => $"{c.Key}={c.Value}")),
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Summary(CliConsole console, TimeProvider time)
    {
        var subjects = new Option<string[]>("--subject", "-s") { Description = SubjectHelp + " (repeatable; default: every subject)", AllowMultipleArgumentsPerToken = true };
        var names = NameOption();
        var all = new Option<bool>("--all-values") { Description = "Use every recorded value, not each subject's latest" };
        var command = new Command("summary", "Mean, median, min, max and p90 of each metric over subjects") { subjects, names, all };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var parsed = (ctx.Value(subjects) ?? []).Select(MetricSubject.Parse).ToArray();
            var summaries = await db.Metrics.SummarizeAsync(parsed, ctx.Value(names) ?? [], ctx.Value(all), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(summaries);
            }
            else
            {
                ctx.WriteTable(
                    ["metric", "count", "mean", "median", "min", "max", "p90"],
                    summaries.Select(s => (IReadOnlyList<string?>)
                    [
                        s.Name, s.Count.ToString(CultureInfo.InvariantCulture), RuleOutput.Number(s.Mean), RuleOutput.Number(s.Median),
                        RuleOutput.Number(s.Min), RuleOutput.Number(s.Max), RuleOutput.Number(s.P90),
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare(CliConsole console, TimeProvider time)
    {
        var baseline = new Option<string>("--base", "-b") { Description = "The subject to compare against (" + SubjectHelp + ")", Required = true };
        var others = new Option<string[]>("--with", "-w") { Description = "Subjects to compare (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var names = NameOption();
        var command = new Command("compare", "Compare subjects with a base: differences and whether each metric improved (errors lower, scores higher)") { baseline, others, names };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var comparison = await db.Metrics.CompareAsync(
                MetricSubject.Parse(ctx.Value(baseline)),
                ctx.Value(others).Select(MetricSubject.Parse).ToArray(),
                ctx.Value(names) ?? [],
                ct);
            if (ctx.Json)
            {
                ctx.WriteJson(comparison);
                return ExitCodes.Ok;
            }

            foreach (var other in comparison.Others)
            {
                ctx.WriteLine($"{other.Subject} vs {comparison.Base}: {RuleOutput.Name(other.Verdict)}");
                ctx.WriteTable(
                    ["metric", "base", "value", "difference", "relative", "better is", "improved"],
                    other.Metrics.Select(m => (IReadOnlyList<string?>)
                    [
                        m.Name, RuleOutput.Number(m.Base), RuleOutput.Number(m.Value), RuleOutput.Number(m.Difference),
                        m.RelativeDifference is { } r ? r.ToString("+0.##%;-0.##%;0%", CultureInfo.InvariantCulture) : "",
                        m.Direction switch { MetricDirection.HigherIsBetter => "higher", MetricDirection.LowerIsBetter => "lower", _ => "?" },
                        m.Improved switch { true => "yes", false => "no", null => "-" },
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<string> items, string option)
    {
        foreach (var item in items)
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
            {
                throw new InputException($"{option} '{item}' is not of the form name=value");
            }

            yield return new(parts[0].Trim(), parts[1].Trim());
        }
    }
}
