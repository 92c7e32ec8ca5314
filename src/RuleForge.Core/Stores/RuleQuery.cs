using RuleForge.Core.Rules;

namespace RuleForge.Core.Stores;

/// <summary>Rule search filters (all optional, combined with AND), order and page. Defaults: latest versions, not deleted, newest first, 50 per page.</summary>
public sealed record RuleQuery
{
    /// <summary>Case-insensitive substring of the name or the description.</summary>
    public string? Text { get; init; }

    public string? Domain { get; init; }

    public RuleStatus? Status { get; init; }

    public RuleSource? Source { get; init; }

    public string? Tag { get; init; }

    /// <summary>Only rules created at or after this instant.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only rules created before this instant.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>The metric that <see cref="MinScore"/>, <see cref="MaxScore"/> and sorting by score use (default <c>score</c>).</summary>
    public string ScoreMetric { get; init; } = "score";

    public double? MinScore { get; init; }

    public double? MaxScore { get; init; }

    /// <summary>Only each rule's latest version (default), or every version.</summary>
    public bool LatestOnly { get; init; } = true;

    public bool IncludeDeleted { get; init; }

    public RuleSortField Sort { get; init; } = RuleSortField.Created;

    public bool Descending { get; init; } = true;

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }
}
