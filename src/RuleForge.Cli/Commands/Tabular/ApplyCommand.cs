using System.CommandLine;
using System.Text;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary><c>ruleforge apply &lt;rules.json&gt; &lt;data&gt; --out predictions.csv</c>: the rules' prediction for every row.</summary>
public static class ApplyCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rules = new Argument<string>("rules") { Description = "Rule set JSON (as written by learn --out)" };
        var data = new Argument<string>("data") { Description = "Data file (.csv, .arff, .jsonl); the class column may be absent" };
        var output = new Option<string>("--out") { Description = "CSV file to write: the input columns plus prediction and rule", Required = true };
        var command = new Command("apply", "Apply a rule set to data and write a prediction (and the rule that fired) per row") { rules, data, output };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var set = await RuleSetFile.ReadAsync(ctx.Value(rules), ct);
            var dataset = await DatasetReader.ReadAsync(ctx.Value(data), null, ct);
            var list = new DecisionList(set, dataset);
            var fired = list.FiringRules();
            var outPath = Path.GetFullPath(ctx.Value(output));
            if (Directory.Exists(outPath))
            {
                throw new InputException($"{outPath}: is a folder; --out needs a file name");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            var temp = outPath + ".tmp";
            await using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
            {
                await writer.WriteLineAsync(string.Join(",", dataset.Columns.Select(c => Quote(c.Name)).Append("prediction").Append("rule")).AsMemory(), ct);
                var line = new StringBuilder();
                for (var r = 0; r < dataset.RowCount; r++)
                {
                    line.Clear();
                    foreach (var c in dataset.Columns)
                    {
                        line.Append(Quote(c.Format(r))).Append(',');
                    }

                    var i = fired[r];
                    line.Append(i < 0 ? "" : Quote(list.Outcomes[i])).Append(',').Append(i < 0 ? "" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    await writer.WriteLineAsync(line.ToString().AsMemory(), ct);
                }
            }

            File.Move(temp, outPath, overwrite: true);
            var unclassified = fired.Count(f => f < 0);
            if (ctx.Json)
            {
                ctx.WriteJson(new { output = outPath, rows = dataset.RowCount, unclassified });
            }
            else
            {
                ctx.WriteLine($"Wrote {dataset.RowCount} predictions to {outPath}" + (unclassified > 0 ? $" ({unclassified} rows matched no rule)" : ""));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
