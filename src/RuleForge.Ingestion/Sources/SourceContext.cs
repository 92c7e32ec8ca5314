using RuleForge.Core.Data;
using RuleForge.Ingestion.Config;

namespace RuleForge.Ingestion.Sources;

/// <summary>What a source reads with, and what it reports back while reading (watermark, lineage, warnings, call usage).</summary>
public sealed class SourceContext(SourceConfig config, TimeProvider time, HttpClient? http, string? watermark, CallUsage usedToday, RuleForge.Core.Costs.CallLedger? ledger = null)
{
    private long _calls;
    private long _bytes;
    private readonly List<string> _sourceVersions = [];
    private readonly List<string> _warnings = [];

    public SourceConfig Config { get; } = config;

    public TimeProvider Time { get; } = time;

    /// <summary>The client HTTP sources call through (null where none is configured).</summary>
    public HttpClient? Http { get; } = http;

    /// <summary>The stored watermark at the start of the run (JSON scalar text), or null.</summary>
    public string? Watermark { get; } = watermark;

    /// <summary>Set by a source that read everything: the watermark to store with the final batch.</summary>
    public string? NewWatermark { get; set; }

    /// <summary>API usage of this source earlier today (from the store), for the daily limits.</summary>
    public CallUsage UsedToday { get; } = usedToday;

    /// <summary>The shared cost ledger an API source charges each call to (and whose limits it obeys), when there is one.</summary>
    public RuleForge.Core.Costs.CallLedger? Ledger { get; } = ledger;

    public long Calls => Interlocked.Read(ref _calls);

    public long Bytes => Interlocked.Read(ref _bytes);

    public decimal Cost => Calls * (Config.Limits?.CostPerCall ?? 0m);

    // Batches commit on another thread than the reader, so the lists are guarded.
    public IReadOnlyList<string> SourceVersions
    {
        get
        {
            lock (_sourceVersions)
            {
                return [.. _sourceVersions];
            }
        }
    }

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return [.. _warnings];
            }
        }
    }

    public void CountCall() => Interlocked.Increment(ref _calls);

    public void CountBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void AddSourceVersion(string version)
    {
        lock (_sourceVersions)
        {
            _sourceVersions.Add(version);
        }
    }

    public void Warn(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }
    }
}
