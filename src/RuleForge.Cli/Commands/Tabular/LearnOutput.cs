namespace RuleForge.Cli.Commands.Tabular;

/// <summary>The JSON answer of <c>ruleforge learn</c> and <c>runs resume</c>.</summary>
public sealed record LearnOutput
{
    public required string RunId { get; init; }

    public required string Status { get; init; }

    public required string Data { get; init; }

    public required string Target { get; init; }

    public required string Method { get; init; }

    /// <summary>How accuracy was measured, e.g. <c>10-fold cross-validation</c> or <c>hold-out 0.3</c>.</summary>
    public required string Validation { get; init; }

    /// <summary>Mean cross-validated accuracy, or hold-out accuracy (a fraction).</summary>
    public required double Accuracy { get; init; }

    public required double MacroF1 { get; init; }

    /// <summary>Rules of the final model, the default included.</summary>
    public required int RuleCount { get; init; }

    /// <summary>The final rules as readable text, in the order they apply.</summary>
    public required IReadOnlyList<string> Rules { get; init; }

    /// <summary>Ids of the rules stored in the rule repository (status candidate).</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    public required int Iterations { get; init; }

    public int? BestIteration { get; init; }

    public required string StopReason { get; init; }

    /// <summary>Loop scores (validation accuracy inside the learning rows) per iteration.</summary>
    public IReadOnlyList<double> IterationScores { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the language model calls cost (zeros for symbolic runs).</summary>
    public LearnUsage Usage { get; init; } = new();

    /// <summary>The chat model used (e.g. <c>openai/gpt-4o-mini</c>); null for symbolic runs.</summary>
    public string? Model { get; init; }

    /// <summary>Why the loop ended early (stop reason error or budget).</summary>
    public string? Error { get; init; }
}
