using RuleForge.Core.Learning;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;

namespace RuleForge.Forecasting.Generators;

/// <summary>
/// A forecast-rule problem: the feature frame, the baseline's rolling-origin replay over the training span (computed
/// once), and the split of that span into a fit part (where rules are searched) and a validation part (where they are judged).
/// </summary>
public sealed record ForecastProblem : Problem
{
    public required TimeSeriesFrame Frame { get; init; }

    public required ForecastSpec Spec { get; init; }

    /// <summary>The baseline's replay over the whole training span.</summary>
    public required Backtest Training { get; init; }

    /// <summary>The baseline's replay after the training span (the out-of-sample test), if any.</summary>
    public Backtest? Test { get; init; }

    /// <summary>Variables a generator may test in conditions (stationary features; trending levels left out).</summary>
    public IReadOnlyList<string> RuleVariables { get; init; } = [];

    /// <summary>First target row of the validation part; rows before it are the fit part.</summary>
    public required int ValidationStart { get; init; }

    /// <summary>First row after the training span.</summary>
    public required int TrainEnd { get; init; }

    public RetrodictionOptions Retrodiction { get; init; } = new();

    public Backtest Fit => Training.Slice(0, ValidationStart);

    public Backtest Validation => Training.Slice(ValidationStart, TrainEnd);
}
