using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Neural;
using RuleForge.Forecasting.Retrodiction;
using RuleForge.Storage;
using RuleForge.Storage.Models;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast train</c>: fit a baseline on a training span, log and checkpoint each epoch (MLP), save the artifact and register a model version.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var options = new ForecastOptions();
        var trainUntil = new Option<string?>("--train-until") { Description = "Last date of the training span (default: all rows); later rows give holdout metrics" };
        var name = new Option<string?>("--name") { Description = "Registry name (default: <target>-<model>)" };
        var artifacts = new Option<string>("--artifacts") { Description = "Folder for model files and checkpoints", DefaultValueFactory = _ => ".ruleforge/models" };
        var parent = new Option<string?>("--parent") { Description = "Parent model version for lineage, as name:version" };
        var epochs = new Option<int>("--epochs") { Description = "MLP epochs", DefaultValueFactory = _ => 150 };
        var hidden = new Option<int[]>("--hidden") { Description = "MLP hidden layer sizes", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [16] };
        var lr = new Option<double>("--learning-rate") { Description = "MLP Adam learning rate", DefaultValueFactory = _ => 0.01 };
        var resume = new Option<string?>("--run") { Description = "Resume this training run from its last checkpoint" };
        var command = new Command("train", "Fit a baseline model on a training span and register it (MLP: per-epoch losses in the run store, a checkpoint per epoch, resumable)");
        options.AddTo(command);
        foreach (var o in new Option[] { trainUntil, name, artifacts, parent, epochs, hidden, lr, resume })
        {
            command.Options.Add(o);
        }

        command.Handle(console, time, async (ctx, ct) =>
        {
            var frame = await options.ReadAsync(ctx, ct);
            var spec = options.Spec(ctx, frame);
            var model = ctx.Value(options.Model).ToLowerInvariant();
            var trainEnd = ctx.Parse.GetValue(trainUntil) is { } until ? frame.IndexAtOrBefore(ForecastOptions.ParseDate(until, "--train-until")) + 1 : frame.Length;
            if (trainEnd < 10)
            {
                throw new InputException($"--train-until: only {trainEnd} training rows");
            }

            var modelName = ctx.Parse.GetValue(name) ?? $"{spec.Target}-{model}";
            var parentRef = ctx.Parse.GetValue(parent) is { } p ? ParseRef(p) : null;
            var folder = ctx.Value(artifacts);
            Directory.CreateDirectory(folder);
            await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
            var runId = ctx.Parse.GetValue(resume) ?? $"train-{ctx.Time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
            if (await db.Runs.GetRunAsync(runId, ct) is null)
            {
                await db.Runs.CreateRunAsync(new RunRecord { Id = runId, Domain = "forecast-train", Target = spec.Target, ParametersJson = CanonicalJson.Serialize(new { data = ctx.Value(options.Data), spec, model, trainEnd }) }, ct);
            }

            var checkpointPath = Path.Combine(folder, $"{runId}.checkpoint.json");
            string artifactJson;
            Func<int, double> predict;
            var metrics = new Dictionary<string, double>();
            if (model == "ridge")
            {
                var fitted = new RidgeArForecaster(spec).Fit(frame, trainEnd - 1);
                artifactJson = CanonicalJson.Serialize(new { kind = "ridge", model = fitted }, indented: true);
                predict = origin => RidgeArForecaster.Predict(fitted, frame, origin);
                metrics["trainingRows"] = fitted.TrainingRows;
            }
            else if (model == "mlp")
            {
                var mlpOptions = new MlpOptions { Epochs = ctx.Value(epochs), Hidden = ctx.Value(hidden), LearningRate = ctx.Value(lr), Seed = ctx.Value(options.Seed) };
                var (x, y) = MlpForecaster.TrainingRows(frame, spec, trainEnd - 1);
                var resumeFrom = File.Exists(checkpointPath) ? CanonicalJson.Deserialize<MlpCheckpoint>(await File.ReadAllTextAsync(checkpointPath, ct), checkpointPath) : null;
                var mlp = new MlpRegressor(mlpOptions);
                IReadOnlyList<EpochResult> history;
                try
                {
                    history = await mlp.FitAsync(x, y, async (epoch, checkpoint) =>
                    {
                        var tmp = checkpointPath + ".tmp";
                        await File.WriteAllTextAsync(tmp, CanonicalJson.Serialize(checkpoint), CancellationToken.None);
                        File.Move(tmp, checkpointPath, overwrite: true);
                        await db.Runs.AppendEventAsync(runId, new RunEvent(ctx.Time.GetUtcNow(), "epoch", string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.Epoch}: train {epoch.TrainLoss:G5}, validation {epoch.ValidationLoss:G5}"), CanonicalJson.Serialize(epoch)), CancellationToken.None);
                        if (ctx.ShowProgress && epoch.Epoch % 10 == 0)
                        {
                            ctx.Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.Epoch}/{mlpOptions.Epochs}: train {epoch.TrainLoss:G4}, validation {epoch.ValidationLoss:G4}"));
                        }
                    }, resumeFrom, ct);
                }
                catch (TrainingDivergedException e)
                {
                    await db.Runs.AppendEventAsync(runId, new RunEvent(ctx.Time.GetUtcNow(), "diverged", e.Message, CanonicalJson.Serialize(new { kind = e.Kind, epoch = e.Epoch, loss = e.Loss })), CancellationToken.None);
                    await db.Runs.CompleteRunAsync(runId, RunStatus.Failed, StopReason.Error, null, e.Message, CancellationToken.None);
                    ctx.Console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.Failure;
                }

                artifactJson = CanonicalJson.Serialize(new { kind = "mlp", spec, options = mlpOptions, state = mlp.Checkpoint(history[^1].Epoch) });
                predict = origin => MlpForecaster.Inputs(frame, spec, origin) is { } input ? mlp.Predict(input) : double.NaN;
                metrics["trainLoss"] = history[^1].TrainLoss;
                metrics["validationLoss"] = history[^1].ValidationLoss;
                metrics["samplesPerSecond"] = history.Average(h => h.SamplesPerSecond);
                metrics["epochs"] = history.Count;
            }
            else
            {
                throw new InputException($"--model: train fits 'ridge' or 'mlp'; '{model}' has nothing to fit");
            }

            if (trainEnd < frame.Length)
            {
                var target = frame.Column(spec.Target);
                var rows = Enumerable.Range(Math.Max(trainEnd, spec.Horizon), frame.Length - Math.Max(trainEnd, spec.Horizon)).ToArray();
                var holdout = ForecastMetrics.Compute(rows.Select(r => target[r]).ToArray(), rows.Select(r => predict(r - spec.Horizon)).ToArray(), rows.Select(r => target[r - 1]).ToArray());
                metrics["holdoutRmse"] = holdout.Rmse;
                metrics["holdoutMae"] = holdout.Mae;
                metrics["holdoutSteps"] = holdout.Steps;
            }

            var artifactPath = Path.GetFullPath(Path.Combine(folder, $"{modelName}-{runId}.json"));
            await File.WriteAllTextAsync(artifactPath, artifactJson, ct);
            var registry = new SqlModelRegistry(db.Connector, ctx.Time);
            var version = await registry.RegisterAsync(new ModelRegistration
            {
                Name = modelName,
                Kind = model,
                Description = $"{model} forecast of {spec.Target}, trained to {frame.Times[trainEnd - 1]:yyyy-MM-dd}",
                ParametersJson = CanonicalJson.Serialize(spec),
                Metrics = metrics,
                DataVersion = await DataVersionAsync(ctx.Value(options.Data), ct),
                ArtifactPath = artifactPath,
                Parent = parentRef,
                RunId = runId,
                Tags = new Dictionary<string, string> { ["target"] = spec.Target },
            }, ct);
            await db.Runs.CompleteRunAsync(runId, RunStatus.Completed, null, CanonicalJson.Serialize(new { model = version.Ref.ToString(), metrics }), null, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new { name = version.Name, version = version.Version, runId, artifact = artifactPath, metrics });
            }
            else
            {
                ctx.WriteLine($"registered {version.Ref} ({model}) from run {runId}");
                foreach (var (k, v) in metrics)
                {
                    ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k}: {v:G6}"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static ModelRef ParseRef(string text)
    {
        var i = text.LastIndexOf(':');
        return i > 0 && int.TryParse(text[(i + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? new ModelRef(text[..i], v)
            : throw new InputException($"'{text}' is not a model version (use name:version, e.g. infl-ridge:2)");
    }

    private static async Task<string> DataVersionAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return $"{Path.GetFileName(path)}@sha256:{Convert.ToHexStringLower(hash)[..16]}";
    }
}
