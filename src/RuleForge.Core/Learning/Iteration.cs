namespace RuleForge.Core.Learning;

/// <summary>One finished generate → evaluate step of a loop.</summary>
public sealed record Iteration
{
    /// <summary>1-based position in the run.</summary>
    public required int Number { get; init; }

    public required Candidate Candidate { get; init; }

    public required Evaluation Evaluation { get; init; }

    public TimeSpan Elapsed { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public double Score => Evaluation.Score;
}
