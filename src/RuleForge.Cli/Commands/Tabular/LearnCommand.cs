using System.CommandLine;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary><c>ruleforge learn &lt;data&gt; --target c</c>: learn IF … THEN rules from a table, recursively, and store them.</summary>
public static class LearnCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var data = new Argument<string>("data") { Description = "Data file: .csv/.tsv (header row), .arff or .jsonl" };
        var target = new Option<string?>("--target") { Description = "The class column (ARFF: defaults to the last attribute)" };
        var method = new Option<string>("--method") { Description = "Rule generator: symbolic (RIPPER)", DefaultValueFactory = _ => "symbolic" };
        var domain = new Option<string>("--domain") { Description = "Rule domain: tabular (class rules) or forecast (forecast-adjustment rules on a time series)", DefaultValueFactory = _ => "tabular" };
        var trainUntil = new Option<string?>("--train-until") { Description = "forecast: last date of the training span (yyyy-MM-dd, yyyy-Qn or yyyy); later rows are the test span" };
        var timeColumn = new Option<string?>("--time-column") { Description = "forecast: date column of the time index (default: a date column, or year+quarter/month columns)" };
        var lags = new Option<int>("--lags") { Description = "forecast: lags of the target in the ridge baseline", DefaultValueFactory = _ => 4 };
        var folds = new Option<int?>("--folds") { Description = "Estimate accuracy by stratified k-fold cross-validation (default 10)" };
        var holdout = new Option<double?>("--holdout") { Description = "Estimate accuracy on this share of rows held out, e.g. 0.3" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits and the learner", DefaultValueFactory = _ => 1 };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Most generate → evaluate → refine iterations", DefaultValueFactory = _ => 3 };
        var threshold = new Option<double>("--threshold") { Description = "Stop refining once the validation score reaches this", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string?>("--out") { Description = "Also write the rule set as JSON to this file (for eval/apply)" };
        var command = new Command("learn", "Learn readable IF … THEN rules for a class column (RIPPER refined in a feedback loop); stores the rules and the run")
        {
            data, target, method, domain, folds, holdout, seed, maxIterations, threshold, output, trainUntil, timeColumn, lags,
        };
        command.Handle(console, time, (ctx, ct) => ctx.Value(domain) == "forecast"
            ? Forecast.ForecastLearnCommand.RunAsync(ctx, new Forecast.ForecastLearnArgs
            {
                Data = ctx.Value(data),
                Target = ctx.Parse.GetValue(target) ?? throw new InputException("--target: name the variable to forecast (--domain forecast)"),
                TrainUntil = ctx.Parse.GetValue(trainUntil) ?? throw new InputException("--train-until: give the last date of the training span (--domain forecast)"),
                Lags = ctx.Value(lags),
                Seed = ctx.Value(seed),
                MaxIterations = ctx.Value(maxIterations),
                TimeColumn = ctx.Parse.GetValue(timeColumn),
                RulesOut = ctx.Parse.GetValue(output),
            }, ct)
            : TabularRun.ExecuteAsync(ctx, new LearnParameters
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
