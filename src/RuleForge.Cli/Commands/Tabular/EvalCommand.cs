using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary><c>ruleforge eval &lt;rules.json&gt; &lt;data&gt;</c>: accuracy, per-class and per-rule metrics of a rule set on labelled data.</summary>
public static class EvalCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rules = new Argument<string>("rules") { Description = "Rule set JSON (as written by learn --out)" };
        var data = new Argument<string>("data") { Description = "Labelled data file (.csv, .arff, .jsonl)" };
        var target = new Option<string?>("--target") { Description = "The class column (default: the rule set's target)" };
        var command = new Command("eval", "Evaluate a rule set on labelled data: accuracy, precision/recall/F1, confusion matrix, per-rule metrics") { rules, data, target };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var set = await RuleSetFile.ReadAsync(ctx.Value(rules), ct);
            var name = ctx.Parse.GetValue(target);
            var (dataset, classTarget) = await TabularInput.ReadAsync(ctx.Value(data), string.IsNullOrEmpty(name) ? (string.IsNullOrEmpty(set.Target) ? null : set.Target) : name, ct);
            var score = RuleSetScorer.Score(set, dataset, classTarget);
            if (ctx.Json)
            {
                ctx.WriteJson(new
                {
                    accuracy = score.Metrics.Accuracy,
                    macroF1 = score.Metrics.MacroF1,
                    rows = score.Metrics.Count,
                    perClass = score.Metrics.PerClass,
                    labels = score.Metrics.Labels,
                    confusion = score.Metrics.Confusion,
                    rules = score.Rules,
                });
                return ExitCodes.Ok;
            }

            Print(ctx, score, classTarget);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CommandContext ctx, RuleSetScore score, ClassTarget target)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = score.Metrics;
        ctx.WriteLine(string.Create(inv, $"Accuracy {m.Accuracy:P1}, macro-F1 {m.MacroF1:F3} on {m.Count} rows"));
        foreach (var c in m.PerClass)
        {
            ctx.WriteLine(string.Create(inv, $"  {c.Label}: precision {c.Precision:F3}, recall {c.Recall:F3}, F1 {c.F1:F3} ({c.Support} rows)"));
        }

        ctx.WriteLine("Confusion (rows actual, columns predicted; last column: no rule fired):");
        ctx.WriteLine("  " + string.Join("\t", target.Labels.Append("(none)")));
        for (var i = 0; i < m.Confusion.Count; i++)
        {
            ctx.WriteLine($"  {string.Join("\t", m.Confusion[i])}\t{target.Labels[i]}");
        }

        ctx.WriteLine("Rules (coverage alone / confidence / lift; fired in list / precision):");
        foreach (var r in score.Rules)
        {
            ctx.WriteLine(string.Create(inv, $"  {r.Index + 1,2}. {r.Text}   cov {r.Coverage:P1} conf {r.Confidence:F3} lift {r.Lift:F2}; fired {r.Fired} prec {r.Precision:F3}"));
        }
    }
}
