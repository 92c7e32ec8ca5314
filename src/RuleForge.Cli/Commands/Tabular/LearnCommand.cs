using System.CommandLine;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary><c>ruleforge learn &lt;data&gt; --target c</c>: learn IF … THEN rules from a table, recursively, and store them.</summary>
public static class LearnCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var data = new Argument<string>("data") { Description = "Data file: .csv/.tsv (header row), .arff or .jsonl; or data:<dataset>[@<version>] to read an ingested dataset (latest version unless given) from the --db data store" };
        var target = new Option<string?>("--target") { Description = "The class column (ARFF: defaults to the last attribute)" };
        var method = new Option<string>("--method") { Description = "Rule generator: symbolic (RIPPER, no model), llm (model proposes), llm-symbolic-loop (model refines from the evaluator's feedback), hybrid (model proposes, data re-tunes), adaptive (best gain per cost each iteration)", DefaultValueFactory = _ => "symbolic" };
                var domain = new Option<string>("--domain") { Description = "Rule domain: tabular (class rules) or forecast (forecast-adjustment rules on a time series)", DefaultValueFactory = _ => "tabular" };
        var trainUntil = new Option<string?>("--train-until") { Description = "forecast: last date of the training span (yyyy-MM-dd, yyyy-Qn or yyyy); later rows are the test span" };
        var timeColumn = new Option<string?>("--time-column") { Description = "forecast: date column of the time index (default: a date column, or year+quarter/month columns)" };
        var lags = new Option<int>("--lags") { Description = "forecast: lags of the target in the ridge baseline", DefaultValueFactory = _ => 4 };
        var folds = new Option<int?>("--folds") { Description = "Estimate accuracy by stratified k-fold cross-validation (default 10 for symbolic; LLM methods default to --holdout 0.25, since each fold repeats the model calls)" };
        var holdout = new Option<double?>("--holdout") { Description = "Estimate accuracy on this share of rows held out, e.g. 0.3" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits, samples in prompts and the learner", DefaultValueFactory = _ => 1 };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Most generate → evaluate → refine iterations", DefaultValueFactory = _ => 3 };
        var threshold = new Option<double>("--threshold") { Description = "Stop refining once the validation score reaches this", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string?>("--out") { Description = "Also write the rule set as JSON to this file (for eval/apply)" };
        var promptDir = new Option<string?>("--prompt-dir") { Description = "Folder with system.md, propose.md, refine.md or repair.md replacing the built-in prompt templates (docs/llm-tabular.md)" };
        var command = new Command("learn", "Learn readable IF … THEN rules for a class column (RIPPER, a language model, or both, refined in a feedback loop), or with --domain forecast rules that adjust a time-series forecast; stores the rules and the run")
        {
            data, target, method, domain, folds, holdout, seed, maxIterations, threshold, output, promptDir, trainUntil, timeColumn, lags,
        };
        var llm = LlmCliOptions.AddTo(command);
        command.Handle(console, time, (ctx, ct) => ctx.Value(domain) == "forecast"
            ? LearnForecastAsync(ctx, llm, new Forecast.ForecastLearnArgs
            {
                Data = ctx.Value(data),
                Target = ctx.Parse.GetValue(target) ?? throw new InputException("--target: name the variable to forecast (--domain forecast)"),
                TrainUntil = ctx.Parse.GetValue(trainUntil) ?? throw new InputException("--train-until: give the last date of the training span (--domain forecast)"),
                Lags = ctx.Value(lags),
                Seed = ctx.Value(seed),
                MaxIterations = ctx.Value(maxIterations),
                Generator = ctx.Value(method) is "symbolic" or "llm" ? ctx.Value(method) : throw new InputException($"--method: the forecast domain learns with symbolic or llm, not '{ctx.Value(method)}'"),
                TimeColumn = ctx.Parse.GetValue(timeColumn),
                RulesOut = ctx.Parse.GetValue(output),
            }, ct)
            : TabularRun.ExecuteAsync(ctx, new LearnParameters
        {
            Data = Ingestion.DataInput.Normalise(ctx.Value(data)),
            Target = ctx.Parse.GetValue(target) ?? "",
            Method = ctx.Value(method),
            Domain = ctx.Value(domain),
            Folds = ctx.Parse.GetValue(folds),
            Holdout = ctx.Parse.GetValue(holdout),
            Seed = ctx.Value(seed),
            MaxIterations = ctx.Value(maxIterations),
            Threshold = ctx.Value(threshold),
            Out = ctx.Parse.GetValue(output),
            PromptDir = ctx.Parse.GetValue(promptDir) is { } dir ? Path.GetFullPath(dir) : null,
        }, null, llm, ct));
        return command;
    }

    /// <summary>The forecast domain: symbolic rules need no model; any model-backed --method opens the shared LLM session.</summary>
    private static async Task<int> LearnForecastAsync(CommandContext ctx, LlmCliOptions llm, Forecast.ForecastLearnArgs args, CancellationToken ct)
    {
        if (args.Generator == "symbolic")
        {
            return await Forecast.ForecastLearnCommand.RunAsync(ctx, args, ct);
        }

        await using var session = await llm.OpenSessionAsync(ctx, ct);
        return await Forecast.ForecastLearnCommand.RunAsync(ctx, args, ct, session.Model);
    }
}
