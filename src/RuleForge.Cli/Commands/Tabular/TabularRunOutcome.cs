using RuleForge.Tabular.Scoring;
using RuleForge.Tabular.Validation;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>How one learning job ended: exit code, the JSON answer (when there is one) and a message for stderr.</summary>
internal sealed record TabularRunOutcome(int ExitCode, LearnOutput? Output, string? Message)
{
    public ClassificationMetrics? Metrics { get; init; }

    public RuleSetScore? Full { get; init; }

    public int StoredCount { get; init; }
}
