namespace RuleForge.Forecasting.Neural;

/// <summary>Everything needed to continue training after the last finished epoch: weights, Adam moments, scaling and loss history.</summary>
public sealed record MlpCheckpoint
{
    public required int Epoch { get; init; }

    public required long Step { get; init; }

    public required IReadOnlyList<int> Layers { get; init; }

    public required double[] Weights { get; init; }

    public required double[] M { get; init; }

    public required double[] V { get; init; }

    public required double[] InputMean { get; init; }

    public required double[] InputScale { get; init; }

    public required double TargetMean { get; init; }

    public required double TargetScale { get; init; }

    public IReadOnlyList<EpochResult> History { get; init; } = [];
}
