namespace RuleForge.Ingestion.Config;

/// <summary>At most <see cref="Requests"/> calls per <see cref="PerSeconds"/> seconds (calls wait for a slot).</summary>
public sealed class RateLimitConfig
{
    public int Requests { get; set; }

    public double PerSeconds { get; set; } = 1;
}
