using RuleForge.Core.Costs;

namespace RuleForge.Cli.Hosting;

/// <summary>The <c>usage</c> object of JSON outputs: requests, tokens, cost, retries, cache hits and latency in milliseconds.</summary>
public sealed record UsageOutput(int Requests, long PromptTokens, long CompletionTokens, decimal CostUsd, int Retries, int CacheHits, double LatencyMs)
{
    public static UsageOutput From(Usage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new(usage.Requests, usage.PromptTokens, usage.CompletionTokens, usage.CostUsd, usage.Retries, usage.CacheHits, Math.Round(usage.Latency.TotalMilliseconds, 3));
    }
}
