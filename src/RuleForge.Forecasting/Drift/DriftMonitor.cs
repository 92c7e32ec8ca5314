using System.Globalization;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Drift;

/// <summary>Runs the drift tests and records a <c>drift</c> event in the run store when any feature drifted.</summary>
public sealed class DriftMonitor(IRunStore runs, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<DriftReport> CheckAsync(string runId, TimeSeriesFrame reference, TimeSeriesFrame current, DriftOptions? options, CancellationToken cancellationToken)
    {
        var report = DriftDetector.Compare(reference, current, options);
        if (report.Drifted)
        {
            var message = "drift detected in " + string.Join(", ", report.Features.Where(f => f.Drifted).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature} ({f.Test} p={f.PValue:G3})")));
            await runs.AppendEventAsync(runId, new RunEvent(_time.GetUtcNow(), "drift", message, CanonicalJson.Serialize(report)), cancellationToken);
        }

        return report;
    }
}
