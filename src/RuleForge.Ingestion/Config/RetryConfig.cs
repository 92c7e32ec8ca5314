namespace RuleForge.Ingestion.Config;

/// <summary>Retries of failed HTTP calls (429, 5xx, timeouts, dropped connections), with exponential backoff.</summary>
public sealed class RetryConfig
{
    /// <summary>Retries after the first attempt.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>The first backoff delay; a server's Retry-After wins when given (capped at <see cref="MaxDelayMs"/>).</summary>
    public int DelayMs { get; set; } = 500;

    public int MaxDelayMs { get; set; } = 30_000;
}
