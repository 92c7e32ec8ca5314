using RuleForge.Core.Learning;

namespace RuleForge.Core.Stores;

/// <summary>A learning run as stored: what was asked (parameters to resume it), how it ended, and its summary.</summary>
public sealed record RunRecord
{
    public required string Id { get; init; }

    public required string Domain { get; init; }

    public required string Target { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Running;

    public StopReason? StopReason { get; init; }

    /// <summary>Canonical JSON of the command's parameters, enough to rebuild the problem on resume.</summary>
    public string ParametersJson { get; init; } = "{}";

    /// <summary>Canonical JSON of the final statistics, once the run ended.</summary>
    public string? SummaryJson { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
