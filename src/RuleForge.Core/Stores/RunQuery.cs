namespace RuleForge.Core.Stores;

/// <summary>Filters for listing runs, newest first.</summary>
public sealed record RunQuery
{
    public string? Domain { get; init; }

    public RunStatus? Status { get; init; }

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }
}
