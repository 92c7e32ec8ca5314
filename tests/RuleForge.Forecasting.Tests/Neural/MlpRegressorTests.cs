using RuleForge.Forecasting.Neural;

namespace RuleForge.Forecasting.Tests.Neural;

public sealed class MlpRegressorTests
{
    private static (double[][] X, double[] Y) Data(int n = 300, int seed = 5)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { (rng.NextDouble() * 4) - 2, (rng.NextDouble() * 4) - 2 }).ToArray();
        var y = x.Select(r => Math.Sin(r[0]) + (0.5 * r[1] * r[1]) + (0.05 * ((rng.NextDouble() * 2) - 1))).ToArray();
        return (x, y);
    }

    [Fact]
    public async Task It_learns_a_nonlinear_function_and_the_validation_loss_falls()
    {
        var (x, y) = Data();

        var history = await new MlpRegressor(new MlpOptions { Hidden = [24], Epochs = 200, Dropout = 0 }).FitAsync(x, y, null, null, default);

        history[^1].ValidationLoss.ShouldBeLessThan(history[0].ValidationLoss / 5);
        history[^1].ValidationLoss.ShouldBeLessThan(0.1);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_model()
    {
        var (x, y) = Data();
        var a = new MlpRegressor(new MlpOptions { Epochs = 20 });
        var b = new MlpRegressor(new MlpOptions { Epochs = 20 });

        await a.FitAsync(x, y, null, null, default);
        await b.FitAsync(x, y, null, null, default);

        a.Predict([0.3, -1]).ShouldBe(b.Predict([0.3, -1]));
    }

    [Fact]
    public async Task Resuming_from_a_checkpoint_continues_exactly_as_an_uninterrupted_run()
    {
        var (x, y) = Data();
        var options = new MlpOptions { Epochs = 30, Dropout = 0.2 };
        var whole = new MlpRegressor(options);
        await whole.FitAsync(x, y, null, null, default);

        MlpCheckpoint? saved = null;
        using var kill = new CancellationTokenSource();
        var first = new MlpRegressor(options);
        await Should.ThrowAsync<OperationCanceledException>(() => first.FitAsync(x, y, (e, checkpoint) =>
        {
            saved = checkpoint;
            if (e.Epoch == 12)
            {
                kill.Cancel(); // the process dies during epoch 13
            }

            return Task.CompletedTask;
        }, null, kill.Token));
        var json = Core.Serialization.CanonicalJson.Serialize(saved!);
        var resumed = new MlpRegressor(options);
        var history = await resumed.FitAsync(x, y, null, Core.Serialization.CanonicalJson.Deserialize<MlpCheckpoint>(json, "checkpoint"), default);

        history.Count.ShouldBe(30);
        resumed.Predict([0.3, -1]).ShouldBe(whole.Predict([0.3, -1]), 1e-12);
    }

    [Fact]
    public async Task An_exploding_learning_rate_stops_with_a_classified_divergence()
    {
        var (x, y) = Data();
        var y2 = y.Select(v => v * 1e6).ToArray();

        var error = await Should.ThrowAsync<TrainingDivergedException>(() => new MlpRegressor(new MlpOptions { LearningRate = 1e300, Epochs = 50, WeightDecay = 0 }).FitAsync(x, y2, null, null, default));

        error.Kind.ShouldBeOneOf(DivergenceKind.NonFinite, DivergenceKind.ZScoreSpike, DivergenceKind.IqrOutlier);
        error.Epoch.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_sudden_loss_spike_after_a_calm_history_is_classified_as_an_anomaly()
    {
        var (x, y) = Data();
        var model = new MlpRegressor(new MlpOptions { Epochs = 40, Dropout = 0 });
        MlpCheckpoint? at20 = null;
        await model.FitAsync(x, y, (e, c) =>
        {
            if (e.Epoch == 20)
            {
                at20 = c;
            }

            return Task.CompletedTask;
        }, null, default);

        // Corrupt the weights of the saved state: the next epoch's loss jumps far above its history.
        var corrupted = at20! with { Weights = at20.Weights.Select(w => w * 50).ToArray() };
        var error = await Should.ThrowAsync<TrainingDivergedException>(() => new MlpRegressor(new MlpOptions { Epochs = 40, Dropout = 0 }).FitAsync(x, y, null, corrupted, default));

        error.Kind.ShouldBeOneOf(DivergenceKind.ZScoreSpike, DivergenceKind.IqrOutlier);
        error.Epoch.ShouldBe(21);
    }
}
