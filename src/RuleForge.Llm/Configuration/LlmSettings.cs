using RuleForge.Core.Costs;

namespace RuleForge.Llm.Configuration;

/// <summary>
/// Everything needed to talk to one chat model under a budget: provider and model, request defaults, the per-call
/// timeout and retries, prices and budgets, the response cache and record/replay files. The API key prints as <c>***</c>.
/// </summary>
public sealed record LlmSettings
{
    public LlmProvider Provider { get; init; } = LlmProvider.OpenAi;

    /// <summary>Model asked when a request names none.</summary>
    public required string Model { get; init; }

    /// <summary>The API root (OpenAI-style including <c>/v1</c>, e.g. <c>http://127.0.0.1:11434/v1</c>); null: the provider's public endpoint.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The key; null is allowed only with a <see cref="BaseUrl"/> (local servers need none).</summary>
    public ApiKey? ApiKey { get; init; }

    public double? Temperature { get; init; }

    /// <summary>Completion tokens per request unless the request says otherwise (also the budget estimate).</summary>
    public int MaxTokens { get; init; } = 2048;

    /// <summary>Sampling seed where the provider supports it (OpenAI).</summary>
    public long? Seed { get; init; }

    /// <summary>Ask for JSON object replies where supported (OpenAI).</summary>
    public bool JsonMode { get; init; }

    /// <summary>Longest one attempt may take before it is abandoned (and retried).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    public RetrySettings Retry { get; init; } = new();

    /// <summary>Prices by model; <see cref="Price"/> overrides them for <see cref="Model"/>.</summary>
    public PriceTable Prices { get; init; } = PriceTable.Default;

    /// <summary>Price override (USD per 1M tokens) from --price-in/--price-out.</summary>
    public ModelPrice? Price { get; init; }

    public CostBudgets Budgets { get; init; } = CostBudgets.None;

    /// <summary>Limits on all spending the ledger records, model calls and API sources together (ruleforge.yaml <c>costs:</c>).</summary>
    public SpendingLimits Spending { get; init; } = SpendingLimits.None;

    public RateLimits RateLimits { get; init; } = RateLimits.None;

    /// <summary>The run charged (per-run budget); null: this session is its own run.</summary>
    public string? RunId { get; init; }

    /// <summary>The batch charged (per-batch budget).</summary>
    public string? BatchId { get; init; }

    /// <summary>Append every exchange to this JSONL file.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Answer only from this JSONL file (offline); a request not in it is an error.</summary>
    public string? ReplayPath { get; init; }

    public bool CacheEnabled { get; init; } = true;

    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The name used in provenance, e.g. <c>openai/gpt-4o-mini</c>.</summary>
    public string Name => $"{LlmProviders.Name(Provider)}/{Model}";

    /// <summary>The price table with the override applied.</summary>
    public PriceTable EffectivePrices => Price is { } price ? Prices.With(Model, price) : Prices;
}
