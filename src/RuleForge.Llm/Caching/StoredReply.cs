using RuleForge.Core.Costs;
using RuleForge.Core.Llm;

namespace RuleForge.Llm.Caching;

/// <summary>A reply as kept in the cache and in record files: text, model, finish reason and what it cost.</summary>
public sealed record StoredReply
{
    public required string Text { get; init; }

    public string? Model { get; init; }

    public string? FinishReason { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public decimal CostUsd { get; init; }

    public double LatencyMs { get; init; }

    public static StoredReply From(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new()
        {
            Text = response.Text,
            Model = response.Model,
            FinishReason = response.FinishReason,
            PromptTokens = response.Usage.PromptTokens,
            CompletionTokens = response.Usage.CompletionTokens,
            CostUsd = response.Usage.CostUsd,
            LatencyMs = response.Usage.Latency.TotalMilliseconds,
        };
    }

    /// <summary>The reply as a response with <paramref name="usage"/>.</summary>
    public ChatResponse ToResponse(Usage usage) => new() { Text = Text, Model = Model, FinishReason = FinishReason, Usage = usage };
}
