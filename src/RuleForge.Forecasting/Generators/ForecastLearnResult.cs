using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Forecasting.Retrodiction;

namespace RuleForge.Forecasting.Generators;

/// <summary>The outcome of learning forecast rules: the out-of-sample comparison with the baseline and the rules that survived validation.</summary>
public sealed record ForecastLearnResult
{
    public required double BaselineRmse { get; init; }

    public required double RulesRmse { get; init; }

    /// <summary>Out-of-sample RMSE improvement in % (0 when no rule survived).</summary>
    public required double ImprovementPct { get; init; }

    public required double CiLow { get; init; }

    public required double CiHigh { get; init; }

    public required int RuleCount { get; init; }

    public required int TestSteps { get; init; }

    public required string RunId { get; init; }

    public required StopReason StopReason { get; init; }

    /// <summary>A plain statement of the outcome, e.g. that no rule survived validation.</summary>
    public required string Message { get; init; }

    public required IReadOnlyList<string> Rules { get; init; }

    public required RuleSet RuleSet { get; init; }

    /// <summary>The retrodiction on the test span.</summary>
    public required RetrodictionReport Test { get; init; }

    /// <summary>The best iteration's score on the validation span.</summary>
    public double? ValidationScore { get; init; }
}
