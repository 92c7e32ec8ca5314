namespace RuleForge.Forecasting.Neural;

/// <summary>MLP training settings. Defaults: one hidden layer of 16 ReLU units, dropout 0.1, Adam (lr 0.01, β 0.9/0.999) with decoupled weight decay 1e-4, batch 32, 150 epochs, last 20% of training rows for validation, seed 42.</summary>
public sealed record MlpOptions
{
    public IReadOnlyList<int> Hidden { get; init; } = [16];

    public double Dropout { get; init; } = 0.1;

    public double LearningRate { get; init; } = 0.01;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double WeightDecay { get; init; } = 1e-4;

    public int BatchSize { get; init; } = 32;

    public int Epochs { get; init; } = 150;

    public double ValidationFraction { get; init; } = 0.2;

    public int Seed { get; init; } = 42;

    /// <summary>Epochs of loss history before the z-score/IQR spike checks start.</summary>
    public int AnomalyWarmup { get; init; } = 5;

    /// <summary>A training loss this many standard deviations above the history's mean is a divergence.</summary>
    public double ZScoreLimit { get; init; } = 6;

    /// <summary>A training loss above Q3 + k·IQR of the history is a divergence.</summary>
    public double IqrLimit { get; init; } = 10;
}
