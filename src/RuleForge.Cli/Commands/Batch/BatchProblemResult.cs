using RuleForge.Cli.Commands.Tabular;

namespace RuleForge.Cli.Commands.Batch;

/// <summary>How one problem of a batch ended.</summary>
public sealed record BatchProblemResult
{
    public required string Name { get; init; }

    /// <summary><c>completed</c>, <c>failed</c> (the run failed) or <c>invalid</c> (bad input for this problem).</summary>
    public required string Status { get; init; }

    public required string Method { get; init; }

    public string? RunId { get; init; }

    public double? Accuracy { get; init; }

    public int? RuleCount { get; init; }

    public string? StopReason { get; init; }

    public LearnUsage Usage { get; init; } = new();

    /// <summary>This problem's share of the batch budget (null: no limit).</summary>
    public decimal? BudgetUsd { get; init; }

    public double Seconds { get; init; }

    /// <summary>1-based order in which the problem finished.</summary>
    public int Finished { get; init; }

    public string? Error { get; init; }
}
