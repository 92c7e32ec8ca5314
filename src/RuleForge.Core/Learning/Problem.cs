namespace RuleForge.Core.Learning;

/// <summary>What to learn and how it is judged; domains derive their own problem with the data or reference they need.</summary>
public record Problem
{
    /// <summary>The rule domain, e.g. <c>tabular</c>.</summary>
    public required string Domain { get; init; }

    /// <summary>What the rules conclude: a target column, an activity, a forecast variable.</summary>
    public required string Target { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Free-form options a generator or evaluator may read (method, model, seed…).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
