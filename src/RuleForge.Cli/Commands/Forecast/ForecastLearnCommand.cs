using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Serialization;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Generators;
using RuleForge.Storage;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast learn</c> (and the forecast domain of <c>ruleforge learn</c>): learn forecast rules on a training span, test them after it.</summary>
public static class ForecastLearnCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var data = new Argument<string>("data") { Description = "CSV or JSONL time series (time index: a date column, or year+quarter/month columns), or data:<dataset>[@<version>] from the --db data store" };
        var domain = new Option<string>("--domain") { Description = "Must be 'forecast' (accepted for symmetry with 'ruleforge learn')", DefaultValueFactory = _ => "forecast" };
        var target = new Option<string>("--target") { Description = "Variable to forecast", Required = true };
        var trainUntil = new Option<string>("--train-until") { Description = "Last date of the training span; later rows are the test span", Required = true };
        var model = new Option<string>("--model") { Description = "Baseline: persistence, seasonal-naive, ridge, mlp", DefaultValueFactory = _ => "ridge" };
        var lags = new Option<int>("--lags") { Description = "Lags of the target", DefaultValueFactory = _ => 4 };
        var exog = new Option<string[]>("--exog") { Description = "Exogenous variables of the baseline", AllowMultipleArgumentsPerToken = true };
        var horizon = new Option<int>("--horizon") { Description = "Steps ahead", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var iterations = new Option<int>("--max-iterations") { Description = "Most loop iterations", DefaultValueFactory = _ => 3 };
        var generator = new Option<string>("--generator") { Description = "symbolic or llm", DefaultValueFactory = _ => "symbolic" };
        var timeColumn = new Option<string?>("--time-column") { Description = "Date/timestamp column of the time index" };
        var resume = new Option<string?>("--run") { Description = "Resume this run id" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the learned rule set (canonical JSON) to this file" };
        var command = new Command("learn", "Learn forecast rules on a training span (feedback loop, validated by retrodiction) and test them out of sample");
        command.Arguments.Add(data);
        foreach (var o in new Option[] { domain, target, trainUntil, model, lags, exog, horizon, seed, iterations, generator, timeColumn, resume, output })
        {
            command.Options.Add(o);
        }

        command.Handle(console, time, (ctx, ct) =>
        {
            if (ctx.Value(domain) != "forecast")
            {
                throw new InputException($"--domain: this command learns forecast rules; got '{ctx.Value(domain)}'");
            }

            return RunAsync(ctx, new ForecastLearnArgs
            {
                Data = ctx.Value(data),
                Target = ctx.Value(target),
                TrainUntil = ctx.Value(trainUntil),
                Model = ctx.Value(model),
                Lags = ctx.Value(lags),
                Exogenous = ctx.Parse.GetValue(exog) ?? [],
                Horizon = ctx.Value(horizon),
                Seed = ctx.Value(seed),
                MaxIterations = ctx.Value(iterations),
                Generator = ctx.Value(generator),
                TimeColumn = ctx.Parse.GetValue(timeColumn),
                RunId = ctx.Parse.GetValue(resume),
                RulesOut = ctx.Parse.GetValue(output),
            }, ct);
        });
        return command;
    }

    /// <summary>The entry point <c>ruleforge learn &lt;data&gt; --domain forecast …</c> routes to; prints the contract JSON with --json.</summary>
    /// <param name="ctx">The running command.</param>
    /// <param name="args">The learning arguments.</param>
    /// <param name="ct">Cancels the run; finished iterations stay stored and resume with --run.</param>
    /// <param name="chat">The chat model for <c>--generator llm</c>, supplied by the host from the LLM layer's configuration.</param>
    public static async Task<int> RunAsync(CommandContext ctx, ForecastLearnArgs args, CancellationToken ct, RuleForge.Core.Llm.IChatModel? chat = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(args);
        // A data:<dataset>[@version] argument is read from the data store; the pinned reference names the data in the rules' provenance.
        using var input = await Ingestion.DataInput.OpenAsync(ctx, args.Data, ct);
        var frame = await TimeSeriesReader.ReadAsync(input.Path, args.TimeColumn is null ? TimeIndexSpec.Auto : new TimeIndexSpec { DateColumn = args.TimeColumn }, ct);
        if (input.IsStored)
        {
            frame = new TimeSeriesFrame(frame.Times, frame.Numeric, frame.Categorical, input.Label);
        }

        var request = new ForecastLearnRequest
        {
            Frame = frame,
            Target = args.Target,
            TrainUntil = EndOfPeriod(args.TrainUntil),
            Model = args.Model,
            Lags = args.Lags,
            Exogenous = args.Exogenous,
            Horizon = args.Horizon,
            Seed = args.Seed,
            MaxIterations = args.MaxIterations,
        };
        await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
        IRuleGenerator gen = args.Generator switch
        {
            "symbolic" => new SymbolicForecastGenerator(),
            "llm" => new LlmForecastGenerator(chat ?? throw new InputException("--generator llm: no chat model is configured for this command (the host passes one from the LLM provider settings)"), new LlmForecastGeneratorOptions { Seed = args.Seed }),
            _ => throw new InputException($"--generator: unknown generator '{args.Generator}' (symbolic or llm)"),
        };
        var runId = args.RunId ?? $"forecast-{ctx.Time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var result = await new ForecastLearner(db.Runs, gen, ctx.Time).LearnAsync(request, runId, null, ct);
        if (args.RulesOut is { } path)
        {
            await File.WriteAllTextAsync(path, CanonicalJson.Serialize(result.RuleSet, indented: true), ct);
        }

        if (ctx.Json)
        {
            ctx.WriteJson(new
            {
                baselineRmse = result.BaselineRmse,
                rulesRmse = result.RulesRmse,
                improvementPct = result.ImprovementPct,
                ciLow = result.CiLow,
                ciHigh = result.CiHigh,
                ruleCount = result.RuleCount,
                testSteps = result.TestSteps,
                message = result.Message,
                rules = result.Rules,
                runId = result.RunId,
                stopReason = result.StopReason,
                validationScore = result.ValidationScore,
            });
        }
        else
        {
            ctx.WriteLine(result.Message);
            ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test span: {result.TestSteps} steps, baseline rmse {result.BaselineRmse:F4}, with rules {result.RulesRmse:F4} ({result.ImprovementPct:+0.00;-0.00}%, 95% CI {result.CiLow:+0.00;-0.00} … {result.CiHigh:+0.00;-0.00})"));
            foreach (var rule in result.Rules)
            {
                ctx.WriteLine($"  {rule}");
            }

            ctx.WriteLine($"run {result.RunId} ({result.StopReason})");
        }

        return ExitCodes.Ok;
    }

    /// <summary>A training end given as a date, a quarter (yyyy-Qn: its last day) or a year (its last day).</summary>
    private static DateTime EndOfPeriod(string text)
    {
        var start = ForecastOptions.ParseDate(text, "--train-until");
        var trimmed = text.Trim();
        if (trimmed.Length == 4)
        {
            return start.AddYears(1).AddTicks(-1);
        }

        return trimmed.Contains('Q', StringComparison.OrdinalIgnoreCase) ? start.AddMonths(3).AddTicks(-1) : start;
    }
}
