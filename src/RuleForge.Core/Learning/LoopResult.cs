using RuleForge.Core.Costs;

namespace RuleForge.Core.Learning;

/// <summary>The outcome of a feedback loop: every iteration, the best one (not the last), why it stopped, and totals.</summary>
public sealed record LoopResult
{
    public required string RunId { get; init; }

    public required IReadOnlyList<Iteration> Iterations { get; init; }

    /// <summary>The highest-scoring iteration (the earliest on ties); null when none finished.</summary>
    public Iteration? Best { get; init; }

    public required StopReason StopReason { get; init; }

    /// <summary>What went wrong, when <see cref="StopReason"/> is <see cref="StopReason.Error"/> or <see cref="StopReason.Budget"/>.</summary>
    public string? Error { get; init; }

    public Usage TotalUsage { get; init; } = Usage.Zero;

    public double? InitialScore => Iterations.Count > 0 ? Iterations[0].Score : null;

    public double? FinalScore => Iterations.Count > 0 ? Iterations[^1].Score : null;

    public double? BestScore => Best?.Score;

    /// <summary>Best minus initial score.</summary>
    public double? Improvement => Best is null ? null : Best.Score - Iterations[0].Score;
}
