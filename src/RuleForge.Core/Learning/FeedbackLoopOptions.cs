namespace RuleForge.Core.Learning;

/// <summary>When a feedback loop stops. Defaults: 5 iterations, threshold 1.0, patience 2, ε = 0.001.</summary>
public sealed record FeedbackLoopOptions
{
    /// <summary>Most iterations to run, resumed ones included.</summary>
    public int MaxIterations { get; init; } = 5;

    /// <summary>Stop as soon as an iteration scores at least this.</summary>
    public double Threshold { get; init; } = 1.0;

    /// <summary>Stop after this many consecutive iterations that did not beat the best by at least <see cref="MinImprovement"/>.</summary>
    public int Patience { get; init; } = 2;

    /// <summary>The ε below which a gain does not count as improvement.</summary>
    public double MinImprovement { get; init; } = 0.001;

    public void Validate()
    {
        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "max iterations must be at least 1");
        }

        if (Patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "patience must be at least 1");
        }

        if (double.IsNaN(Threshold) || double.IsNaN(MinImprovement) || MinImprovement < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), "threshold and ε must be numbers, ε not negative");
        }
    }
}
