namespace RuleForge.Llm.Configuration;

/// <summary>What a model costs, in USD per one million tokens, prompt (in) and completion (out).</summary>
public sealed record ModelPrice(decimal InputPerMillionUsd, decimal OutputPerMillionUsd)
{
    public static ModelPrice Free { get; } = new(0m, 0m);

    /// <summary>The cost of a call in 1e-9 USD (integers, so ledger sums are exact); rounded up.</summary>
    public long CostNanoUsd(long promptTokens, long completionTokens)
    {
        // tokens × USD/1M tokens × 1e9 nano = tokens × price × 1000
        var nano = (promptTokens * InputPerMillionUsd * 1000m) + (completionTokens * OutputPerMillionUsd * 1000m);
        return (long)decimal.Ceiling(nano);
    }
}
