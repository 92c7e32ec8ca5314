using RuleForge.Core.Costs;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>The <c>usage</c> object of learn's JSON: model requests, tokens, USD and retries of the whole command.</summary>
public sealed record LearnUsage
{
    public int Requests { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public decimal CostUsd { get; init; }

    public int Retries { get; init; }

    public int CacheHits { get; init; }

    public static LearnUsage Of(Usage usage) => new()
    {
        Requests = usage.Requests,
        PromptTokens = usage.PromptTokens,
        CompletionTokens = usage.CompletionTokens,
        CostUsd = usage.CostUsd,
        Retries = usage.Retries,
        CacheHits = usage.CacheHits,
    };
}
