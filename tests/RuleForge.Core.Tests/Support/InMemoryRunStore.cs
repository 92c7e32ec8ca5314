using RuleForge.Core.Learning;
using RuleForge.Core.Stores;

namespace RuleForge.Core.Tests.Support;

/// <summary>A run store in memory, for testing the loop without a database.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly Dictionary<string, RunRecord> _runs = [];
    private readonly Dictionary<string, List<Iteration>> _iterations = [];
    private readonly Dictionary<string, List<RunEvent>> _events = [];

    public Task<RunRecord> CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        _runs[run.Id] = run;
        _iterations[run.Id] = [];
        _events[run.Id] = [];
        return Task.FromResult(run);
    }

    public Task AppendIterationAsync(string runId, Iteration iteration, CancellationToken cancellationToken)
    {
        _iterations[runId].Add(iteration);
        return Task.CompletedTask;
    }

    public Task AppendEventAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken)
    {
        _events[runId].Add(runEvent);
        return Task.CompletedTask;
    }

    public Task CompleteRunAsync(string runId, RunStatus status, StopReason? stopReason, string? summaryJson, string? error, CancellationToken cancellationToken)
    {
        _runs[runId] = _runs[runId] with { Status = status, StopReason = stopReason, SummaryJson = summaryJson, Error = error };
        return Task.CompletedTask;
    }

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<Iteration>> GetIterationsAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Iteration>>(_iterations[runId].ToList());

    public Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunEvent>>(_events[runId].ToList());

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunRecord>>(_runs.Values.Skip(query.Offset).Take(query.Limit).ToList());
}
