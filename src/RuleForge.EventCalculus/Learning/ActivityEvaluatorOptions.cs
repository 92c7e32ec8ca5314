namespace RuleForge.EventCalculus.Learning;

/// <summary>How SimLP and stream F1 combine into one score when a stream is given (weights are normalised). Defaults 0.5 / 0.5.</summary>
public sealed record ActivityEvaluatorOptions
{
    public double SimLpWeight { get; init; } = 0.5;

    public double StreamWeight { get; init; } = 0.5;

    public void Validate()
    {
        if (SimLpWeight < 0 || StreamWeight < 0 || SimLpWeight + StreamWeight <= 0 || double.IsNaN(SimLpWeight) || double.IsNaN(StreamWeight))
        {
            throw new Core.Errors.InputException("score weights must be non-negative and not both 0");
        }
    }
}
