using RuleForge.EventCalculus.SimLp;

namespace RuleForge.Cli.Commands.EventCalculus;

/// <summary>The parsed arguments of <c>ruleforge ec loop</c>.</summary>
public sealed record EcLoopArgs
{
    public required string Domain { get; init; }

    public string? DomainDir { get; init; }

    public required string Activities { get; init; }

    public required string Reference { get; init; }

    public int MaxIterations { get; init; } = 3;

    public double Threshold { get; init; } = 0.99;

    public int Patience { get; init; } = 2;

    public int Samples { get; init; } = 1;

    public bool WithPrerequisites { get; init; }

    public double AcceptThreshold { get; init; } = 0.9;

    public FeedbackDetail Feedback { get; init; } = FeedbackDetail.Structure;

    public string? Templates { get; init; }

    public string? Out { get; init; }

    public double? Temperature { get; init; }

    public long? Seed { get; init; }

    /// <summary>Chat-model provider and model, recorded so that <c>runs resume</c> continues with the same ones (never the key).</summary>
    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>The parent run's id (chosen before the model session opens, so its budget is charged to the run).</summary>
    public string? RunId { get; init; }

    /// <summary>Input stream files; empty: SimLP-only scoring.</summary>
    public IReadOnlyList<string> Stream { get; init; } = [];

    public IReadOnlyList<string> Background { get; init; } = [];

    public long? Window { get; init; }

    public long? Step { get; init; }

    public long Start { get; init; }

    public long? End { get; init; }

    public long Tick { get; init; } = 1;

    public double SimLpWeight { get; init; } = 0.5;

    public double StreamWeight { get; init; } = 0.5;
}
