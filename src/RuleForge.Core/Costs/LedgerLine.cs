namespace RuleForge.Core.Costs;

/// <summary>Settled entries of one (provider, model, kind): calls, tokens, bytes and cost in total and today.</summary>
public sealed record LedgerLine
{
    public required string Provider { get; init; }

    /// <summary>The model, or an API source's id.</summary>
    public required string Model { get; init; }

    /// <summary><c>call</c> (a paid request), <c>replay</c> (answered from a record file) or <c>cache</c> (from the response cache).</summary>
    public required string Kind { get; init; }

    public long Requests { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long Bytes { get; init; }

    public long TotalNanoUsd { get; init; }

    public long DayRequests { get; init; }

    public long DayNanoUsd { get; init; }
}
