using RuleForge.Core.Learning;
using RuleForge.Core.Stores;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// A run store held in memory, for loops nobody resumes: the inner runs of a cross-validation estimate.
/// The user's run always goes to the database.
/// </summary>
public sealed class EphemeralRunStore : IRunStore
{
    private readonly Dictionary<string, RunRecord> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Iteration>> _iterations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RunEvent>> _events = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<RunRecord> CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryAdd(run.Id, run))
            {
                throw new InvalidOperationException($"run '{run.Id}' already exists");
            }

            _iterations[run.Id] = [];
            _events[run.Id] = [];
            return Task.FromResult(run);
        }
    }

    public Task AppendIterationAsync(string runId, Iteration iteration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var list = _iterations[runId];
            if (list.Any(i => i.Number == iteration.Number))
            {
                throw new InvalidOperationException($"run '{runId}' already has an iteration {iteration.Number}");
            }

            list.Add(iteration);
            return Task.CompletedTask;
        }
    }

    public Task AppendEventAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events[runId].Add(runEvent);
            return Task.CompletedTask;
        }
    }

    public Task CompleteRunAsync(string runId, RunStatus status, StopReason? stopReason, string? summaryJson, string? error, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _runs[runId] = _runs[runId] with { Status = status, StopReason = stopReason, SummaryJson = summaryJson, Error = error };
            return Task.CompletedTask;
        }
    }

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    public Task<IReadOnlyList<Iteration>> GetIterationsAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Iteration>>(_iterations.TryGetValue(runId, out var l) ? [.. l] : []);
        }
    }

    public Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>(_events.TryGetValue(runId, out var l) ? [.. l] : []);
        }
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RunRecord>>(_runs.Values.OrderByDescending(r => r.CreatedAt).Skip(query.Offset).Take(query.Limit).ToArray());
        }
    }
}
