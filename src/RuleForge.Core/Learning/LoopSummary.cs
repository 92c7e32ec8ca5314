using RuleForge.Core.Costs;

namespace RuleForge.Core.Learning;

/// <summary>The statistics of a finished loop as stored with its run.</summary>
public sealed record LoopSummary
{
    public LoopSummary()
    {
    }

    public LoopSummary(LoopResult result)
    {
        StopReason = result.StopReason;
        Iterations = result.Iterations.Count;
        BestIteration = result.Best?.Number;
        InitialScore = result.InitialScore;
        FinalScore = result.FinalScore;
        BestScore = result.BestScore;
        Improvement = result.Improvement;
        Usage = result.TotalUsage;
        IterationMs = result.Iterations.Select(i => i.Elapsed.TotalMilliseconds).ToArray();
    }

    public StopReason StopReason { get; init; }

    public int Iterations { get; init; }

    public int? BestIteration { get; init; }

    public double? InitialScore { get; init; }

    public double? FinalScore { get; init; }

    public double? BestScore { get; init; }

    public double? Improvement { get; init; }

    public Usage Usage { get; init; } = Usage.Zero;

    public IReadOnlyList<double> IterationMs { get; init; } = [];
}
