namespace RuleForge.Cli.Commands.Tabular;

/// <summary>What <c>ruleforge learn</c> was asked, stored with the run so <c>runs resume</c> can rebuild the same problem.</summary>
public sealed record LearnParameters
{
    public required string Data { get; init; }

    public required string Target { get; init; }

    public string Domain { get; init; } = "tabular";

    public string Method { get; init; } = "symbolic";

    /// <summary>Folds of the cross-validation estimate; null when a hold-out is used.</summary>
    public int? Folds { get; init; }

    /// <summary>Share of rows held out for testing; null when cross-validating.</summary>
    public double? Holdout { get; init; }

    public int Seed { get; init; } = 1;

    public int MaxIterations { get; init; } = 3;

    public double Threshold { get; init; } = 1.0;

    /// <summary>Where to write the learned rule set as JSON, when asked.</summary>
    public string? Out { get; init; }

    /// <summary>Chat-model provider and model of an LLM method, recorded for provenance and resume (never the key).</summary>
    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>Folder whose system.md / propose.md / refine.md / repair.md replace the built-in prompt templates.</summary>
    public string? PromptDir { get; init; }
}
