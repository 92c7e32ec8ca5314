using RuleForge.Llm.Caching;

namespace RuleForge.Llm.Recording;

/// <summary>One line of a record file (JSONL): the request's key and fingerprint, and the reply. See docs/llm.md.</summary>
public sealed record ExchangeRecord
{
    /// <summary>Format version of the line.</summary>
    public int Version { get; init; } = 1;

    /// <summary>SHA-256 of <see cref="Request"/>, the same key the response cache uses; replay matches on it.</summary>
    public required string Key { get; init; }

    public required DateTimeOffset At { get; init; }

    public required RequestFingerprint Request { get; init; }

    public required StoredReply Response { get; init; }
}
