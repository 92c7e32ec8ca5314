namespace RuleForge.EventCalculus.Learning;

/// <summary>How one activity's loop went: scores per iteration, the best usable one, why it stopped, what it cost.</summary>
public sealed record ActivityOutcome
{
    public required string Name { get; init; }

    /// <summary>The activity's own run (its iterations, prompts and replies).</summary>
    public string? RunId { get; init; }

    /// <summary>The best score of a usable definition (0 when none was usable).</summary>
    public double BestScore { get; init; }

    /// <summary>The iteration of <see cref="BestScore"/>; null when no definition was usable.</summary>
    public int? BestIteration { get; init; }

    public int Iterations { get; init; }

    /// <summary>Whether the loop stopped because a score reached the threshold.</summary>
    public bool Converged { get; init; }

    /// <summary>threshold, maxIterations, patience, budget, error, cancelled — or noReference when the activity was skipped.</summary>
    public required string StopReason { get; init; }

    public double? InitialScore { get; init; }

    public double? FinalScore { get; init; }

    /// <summary>Best minus initial score.</summary>
    public double? Improvement { get; init; }

    public IReadOnlyList<double> Scores { get; init; } = [];

    public long Tokens { get; init; }

    public double LatencyMs { get; init; }

    public decimal CostUsd { get; init; }

    /// <summary>Repair requests sent for unusable replies.</summary>
    public int Repairs { get; init; }

    /// <summary>Reply problems seen, by kind (counted per iteration).</summary>
    public IReadOnlyDictionary<string, int> ReplyProblems { get; init; } = new Dictionary<string, int>();

    /// <summary>Whether the best definition was accepted into memory.</summary>
    public bool Accepted { get; init; }

    /// <summary>Prerequisites with no accepted definition when the activity was generated.</summary>
    public IReadOnlyList<string> MissingPrerequisites { get; init; } = [];

    public string? Error { get; init; }
}
