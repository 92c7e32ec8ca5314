using RuleForge.Core.Learning;

namespace RuleForge.Core.Stores;

/// <summary>Runs, their iterations and events; an iteration is durable once <see cref="AppendIterationAsync"/> returns.</summary>
public interface IRunStore
{
    Task<RunRecord> CreateRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Persists a finished iteration; iteration numbers are unique within a run.</summary>
    Task AppendIterationAsync(string runId, Iteration iteration, CancellationToken cancellationToken);

    Task AppendEventAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken);

    Task CompleteRunAsync(string runId, RunStatus status, StopReason? stopReason, string? summaryJson, string? error, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The run's iterations in order.</summary>
    Task<IReadOnlyList<Iteration>> GetIterationsAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken);
}
