using RuleForge.Core.Costs;

namespace RuleForge.Llm.Metering;

/// <summary>Running totals of everything a session's model did: successful requests, tokens, cost, retries (also of failed calls), cache hits, latency.</summary>
public sealed class UsageMeter
{
    private readonly Lock _lock = new();
    private Usage _total = Usage.Zero;
    private int _failures;

    /// <summary>The totals so far.</summary>
    public Usage Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Calls that ended in an error (after their retries).</summary>
    public int Failures => Volatile.Read(ref _failures);

    public void Record(Usage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        lock (_lock)
        {
            _total += usage;
        }
    }

    /// <summary>Counts a failed call and the retries it spent.</summary>
    public void RecordFailure(int retries)
    {
        Interlocked.Increment(ref _failures);
        lock (_lock)
        {
            _total = _total with { Retries = _total.Retries + retries };
        }
    }
}
