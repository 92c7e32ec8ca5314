using System.Globalization;
using RuleForge.Core.Errors;
using RuleForge.Llm.Configuration;

namespace RuleForge.Cli.Hosting;

/// <summary>Checks retry and circuit-breaker settings (from flags or ruleforge.yaml) against what Polly accepts, as bad input naming the setting.</summary>
internal static class RetryValidation
{
    /// <summary>Throws <see cref="InputException"/> for the first bad value; <paramref name="prefix"/> names where it came from (e.g. <c>ruleforge.yaml: llm.</c> or <c>--</c>).</summary>
    public static void Check(RetrySettings retry, string prefix)
    {
        if (retry.MaxRetries < 0)
        {
            Fail(prefix, "retry.maxRetries", "must not be negative", retry.MaxRetries);
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.MaxDelay < retry.BaseDelay)
        {
            Fail(prefix, "retry.baseDelayMs/maxDelayMs", "need 0 ≤ baseDelayMs ≤ maxDelayMs", retry.BaseDelay.TotalMilliseconds);
        }

        if (!(retry.CircuitFailureRatio > 0 && retry.CircuitFailureRatio <= 1))
        {
            Fail(prefix, "circuitBreaker.failureRatio", "must be in (0, 1] (1: open only when every call in the window failed)", retry.CircuitFailureRatio);
        }

        if (retry.CircuitMinimumThroughput < 2)
        {
            Fail(prefix, "circuitBreaker.minimumThroughput", "must be at least 2", retry.CircuitMinimumThroughput);
        }

        // Polly's own floors: both durations at least half a second.
        if (retry.CircuitSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            Fail(prefix, "circuitBreaker.samplingSeconds", "must be at least 0.5", retry.CircuitSamplingDuration.TotalSeconds);
        }

        if (retry.CircuitBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            Fail(prefix, "circuitBreaker.breakSeconds", "must be at least 0.5", retry.CircuitBreakDuration.TotalSeconds);
        }
    }

    private static void Fail(string prefix, string name, string rule, double value) =>
        throw new InputException($"{prefix}{name} {rule}, not {value.ToString(CultureInfo.InvariantCulture)}");
}
