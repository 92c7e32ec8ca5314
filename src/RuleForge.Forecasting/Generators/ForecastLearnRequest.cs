using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Features;

namespace RuleForge.Forecasting.Generators;

/// <summary>What <see cref="ForecastLearner"/> learns: rules for one target, trained up to a date and tested on everything after it.</summary>
public sealed record ForecastLearnRequest
{
    public required TimeSeriesFrame Frame { get; init; }

    public required string Target { get; init; }

    /// <summary>Last timestamp of the training span; later rows are the out-of-sample test span.</summary>
    public required DateTime TrainUntil { get; init; }

    public string Model { get; init; } = "ridge";

    public int Lags { get; init; } = 4;

    public IReadOnlyList<string> Exogenous { get; init; } = [];

    public int Horizon { get; init; } = 1;

    public int Seed { get; init; } = 42;

    /// <summary>Share of the training replay (its latest part) used to validate rules.</summary>
    public double ValidationFraction { get; init; } = 0.3;

    /// <summary>First target row of the training replay; null: enough rows to fit the baseline (at least 20).</summary>
    public int? Warmup { get; init; }

    public int MaxIterations { get; init; } = 3;

    /// <summary>Features the rules may test; null: <see cref="FeaturePipeline.ForRules"/>.</summary>
    public FeaturePipeline? Pipeline { get; init; }
}
