namespace RuleForge.Core.Costs;

/// <summary>What producing something cost: requests, tokens, money, retries, cache hits and time spent waiting.</summary>
public sealed record Usage
{
    public static Usage Zero { get; } = new();

    public int Requests { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public decimal CostUsd { get; init; }

    public int Retries { get; init; }

    public int CacheHits { get; init; }

    public TimeSpan Latency { get; init; }

    public long TotalTokens => PromptTokens + CompletionTokens;

    public static Usage operator +(Usage a, Usage b) => new()
    {
        Requests = a.Requests + b.Requests,
        PromptTokens = a.PromptTokens + b.PromptTokens,
        CompletionTokens = a.CompletionTokens + b.CompletionTokens,
        CostUsd = a.CostUsd + b.CostUsd,
        Retries = a.Retries + b.Retries,
        CacheHits = a.CacheHits + b.CacheHits,
        Latency = a.Latency + b.Latency,
    };

    public static Usage Add(Usage a, Usage b) => a + b;
}
