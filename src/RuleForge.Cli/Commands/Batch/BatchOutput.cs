using RuleForge.Cli.Commands.Tabular;

namespace RuleForge.Cli.Commands.Batch;

/// <summary>The JSON answer of <c>ruleforge batch</c>: every problem (in the order they finished) and the totals.</summary>
public sealed record BatchOutput
{
    public required string BatchId { get; init; }

    public required IReadOnlyList<BatchProblemResult> Problems { get; init; }

    public required BatchSummary Summary { get; init; }
}

/// <summary>Totals of a batch: counts by status, usage, wall time and the speed-up over running the problems one by one.</summary>
public sealed record BatchSummary
{
    public int Problems { get; init; }

    public int Completed { get; init; }

    public int Failed { get; init; }

    public int Concurrency { get; init; }

    public LearnUsage Usage { get; init; } = new();

    public decimal? BudgetUsd { get; init; }

    public double WallSeconds { get; init; }

    /// <summary>Sum of the problems' own times: what running them one after another would take.</summary>
    public double SequentialSeconds { get; init; }

    /// <summary>Sequential seconds over wall seconds.</summary>
    public double SpeedUp { get; init; }
}
