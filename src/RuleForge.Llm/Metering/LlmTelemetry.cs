using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RuleForge.Llm.Metering;

/// <summary>The LLM layer's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>RuleForge.Llm</c> (one span and a set of counters per chat call).</summary>
public static class LlmTelemetry
{
    public const string Name = "RuleForge.Llm";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    internal static Counter<long> Requests { get; } = Meter.CreateCounter<long>("ruleforge.llm.requests", description: "Chat calls answered (cache hits excluded)");

    internal static Counter<long> Tokens { get; } = Meter.CreateCounter<long>("ruleforge.llm.tokens", description: "Tokens used, tagged direction=prompt|completion");

    internal static Counter<double> Cost { get; } = Meter.CreateCounter<double>("ruleforge.llm.cost", unit: "USD", description: "Money charged for chat calls");

    internal static Counter<long> Retries { get; } = Meter.CreateCounter<long>("ruleforge.llm.retries", description: "Retried attempts");

    internal static Counter<long> CacheHits { get; } = Meter.CreateCounter<long>("ruleforge.llm.cache_hits", description: "Calls answered from the response cache");

    internal static Counter<long> Failures { get; } = Meter.CreateCounter<long>("ruleforge.llm.failures", description: "Calls that failed after their retries");

    internal static Histogram<double> Latency { get; } = Meter.CreateHistogram<double>("ruleforge.llm.latency", unit: "ms", description: "Latency of answered calls");
}
