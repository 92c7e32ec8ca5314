namespace RuleForge.Llm.Configuration;

/// <summary>How failed calls are retried and when the circuit opens (defaults suit public APIs).</summary>
public sealed record RetrySettings
{
    /// <summary>Retries after the first attempt (429, 5xx, timeouts, network errors); 0 disables retries.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff delay; later ones grow exponentially with jitter. A Retry-After header wins.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts (also caps Retry-After).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failure share over <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; init; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; init; } = 20;

    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before letting one through.</summary>
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}
