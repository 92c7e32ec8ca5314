using System.CommandLine;
using RuleForge.Cli.Hosting;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary><c>ruleforge learn &lt;data&gt; --target c</c>: learn IF … THEN rules from a table, recursively, and store them.</summary>
public static class LearnCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var data = new Argument<string>("data") { Description = "Data file: .csv/.tsv (header row), .arff or .jsonl" };
        var target = new Option<string?>("--target") { Description = "The class column (ARFF: defaults to the last attribute)" };
        var method = new Option<string>("--method") { Description = "Rule generator: symbolic (RIPPER)", DefaultValueFactory = _ => "symbolic" };
        var domain = new Option<string>("--domain") { Description = "Rule domain (tabular)", DefaultValueFactory = _ => "tabular" };
        var folds = new Option<int?>("--folds") { Description = "Estimate accuracy by stratified k-fold cross-validation (default 10)" };
        var holdout = new Option<double?>("--holdout") { Description = "Estimate accuracy on this share of rows held out, e.g. 0.3" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits and the learner", DefaultValueFactory = _ => 1 };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Most generate → evaluate → refine iterations", DefaultValueFactory = _ => 3 };
        var threshold = new Option<double>("--threshold") { Description = "Stop refining once the validation score reaches this", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string?>("--out") { Description = "Also write the rule set as JSON to this file (for eval/apply)" };
        var command = new Command("learn", "Learn readable IF … THEN rules for a class column (RIPPER refined in a feedback loop); stores the rules and the run")
        {
            data, target, method, domain, folds, holdout, seed, maxIterations, threshold, output,
        };
        command.Handle(console, time, (ctx, ct) => TabularRun.ExecuteAsync(ctx, new LearnParameters
        {
            Data = Path.GetFullPath(ctx.Value(data)),
            Target = ctx.Parse.GetValue(target) ?? "",
            Method = ctx.Value(method),
            Domain = ctx.Value(domain),
            Folds = ctx.Parse.GetValue(folds),
            Holdout = ctx.Parse.GetValue(holdout),
            Seed = ctx.Value(seed),
            MaxIterations = ctx.Value(maxIterations),
            Threshold = ctx.Value(threshold),
            Out = ctx.Parse.GetValue(output),
        }, null, ct));
        return command;
    }
}
