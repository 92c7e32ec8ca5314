namespace RuleForge.Core.Stores;

/// <summary>Filters for listing model versions, newest first.</summary>
public sealed record ModelQuery
{
    public string? Name { get; init; }

    public ModelStage? Stage { get; init; }

    /// <summary>Only versions carrying this tag key (any value).</summary>
    public string? Tag { get; init; }

    public int Limit { get; init; } = 100;
}
