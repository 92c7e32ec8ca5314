namespace RuleForge.Core.Learning;

/// <summary>How good a candidate is: a score in [0,1], named metrics, structured issues and feedback for the next attempt.</summary>
public sealed record Evaluation
{
    public required double Score { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<EvaluationIssue> Issues { get; init; } = [];

    /// <summary>Readable feedback, suitable for a refinement prompt.</summary>
    public string Feedback { get; init; } = "";
}
