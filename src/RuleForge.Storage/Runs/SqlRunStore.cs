using System.Data.Common;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Runs;

/// <summary>The run store on SQLite or PostgreSQL: each iteration is committed as canonical JSON before the call returns.</summary>
public sealed class SqlRunStore(DatabaseConnector db, TimeProvider? time = null) : IRunStore
{
    private const string RunColumns = "id, domain, target, status, stop_reason, parameters_json, summary_json, error, created_ticks, updated_ticks";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(RunSchema.Area, RunSchema.For(db.Kind), cancellationToken);

    public async Task<RunRecord> CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (string.IsNullOrWhiteSpace(run.Id))
        {
            throw new InputException("a run needs an id");
        }

        await EnsureSchemaAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var stored = run with
        {
            CreatedAt = run.CreatedAt == default ? now : run.CreatedAt.ToUniversalTime(),
            UpdatedAt = run.UpdatedAt == default ? now : run.UpdatedAt.ToUniversalTime(),
        };
        return await db.WriteAsync(async (c, tx) =>
        {
            try
            {
                await c.ExecuteAsync(
                    tx,
                    $"INSERT INTO runs ({RunColumns}) VALUES (@id, @domain, @target, @status, @stop, @params, @summary, @error, @created, @updated)",
                    cancellationToken,
                    ("id", stored.Id),
                    ("domain", stored.Domain),
                    ("target", stored.Target),
                    ("status", Name(stored.Status)),
                    ("stop", stored.StopReason is { } s ? Name(s) : null),
                    ("params", stored.ParametersJson),
                    ("summary", stored.SummaryJson),
                    ("error", stored.Error),
                    ("created", stored.CreatedAt.UtcTicks),
                    ("updated", stored.UpdatedAt.UtcTicks));
            }
            catch (DbException e) when (db.IsUniqueViolation(e))
            {
                throw new InputException($"a run with id '{stored.Id}' already exists", e);
            }

            return stored;
        }, cancellationToken);
    }

    public async Task AppendIterationAsync(string runId, Iteration iteration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        await EnsureSchemaAsync(cancellationToken);
        var json = CanonicalJson.Serialize(iteration);
        await db.WriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken);
            try
            {
                await c.ExecuteAsync(
                    tx,
                    "INSERT INTO run_iterations (run_id, number, score, finished_ticks, iteration_json) VALUES (@run, @number, @score, @finished, @json)",
                    cancellationToken,
                    ("run", runId),
                    ("number", iteration.Number),
                    ("score", iteration.Score),
                    ("finished", iteration.FinishedAt.UtcTicks),
                    ("json", json));
            }
            catch (DbException e) when (db.IsUniqueViolation(e))
            {
                throw new StoreException($"run '{runId}' already has an iteration {iteration.Number}", e);
            }

            await TouchAsync(c, tx, runId, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task AppendEventAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken);
            var seq = await c.ScalarAsync<long?>(tx, "SELECT MAX(seq) FROM run_events WHERE run_id = @run", cancellationToken, ("run", runId)) ?? 0;
            await c.ExecuteAsync(
                tx,
                "INSERT INTO run_events (run_id, seq, at_ticks, kind, message, data_json) VALUES (@run, @seq, @at, @kind, @message, @data)",
                cancellationToken,
                ("run", runId),
                ("seq", (int)seq + 1),
                ("at", runEvent.At.UtcTicks),
                ("kind", runEvent.Kind),
                ("message", runEvent.Message),
                ("data", runEvent.DataJson));
            return true;
        }, cancellationToken);
    }

    public async Task CompleteRunAsync(string runId, RunStatus status, StopReason? stopReason, string? summaryJson, string? error, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(
                tx,
                "UPDATE runs SET status = @status, stop_reason = @stop, summary_json = @summary, error = @error, updated_ticks = @now WHERE id = @id",
                cancellationToken,
                ("status", Name(status)),
                ("stop", stopReason is { } s ? Name(s) : null),
                ("summary", summaryJson),
                ("error", error),
                ("now", _time.GetUtcNow().UtcTicks),
                ("id", runId));
            return changed == 0 ? throw new InputException($"no run with id '{runId}'") : true;
        }, cancellationToken);
    }

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(async c =>
        {
            await using var command = c.Command(null, $"SELECT {RunColumns} FROM runs WHERE id = @id", ("id", runId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : null;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Iteration>> GetIterationsAsync(string runId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync<IReadOnlyList<Iteration>>(async c =>
        {
            await using var command = c.Command(null, "SELECT number, iteration_json FROM run_iterations WHERE run_id = @run ORDER BY number", ("run", runId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<Iteration>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(CanonicalJson.Deserialize<Iteration>(reader.GetString(1), $"run '{runId}' iteration {reader.GetInt32(0)}"));
            }

            return list;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync<IReadOnlyList<RunEvent>>(async c =>
        {
            await using var command = c.Command(null, "SELECT at_ticks, kind, message, data_json FROM run_events WHERE run_id = @run ORDER BY seq", ("run", runId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<RunEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(new RunEvent(reader.Ticks(0), reader.GetString(1), reader.GetString(2), reader.NullableString(3)));
            }

            return list;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureSchemaAsync(cancellationToken);
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", Math.Max(0, query.Limit)), ("offset", Math.Max(0, query.Offset)) };
        if (query.Domain is not null)
        {
            where.Add("domain = @domain");
            parameters.Add(("domain", query.Domain));
        }

        if (query.Status is { } status)
        {
            where.Add("status = @status");
            parameters.Add(("status", Name(status)));
        }

        var sql = $"SELECT {RunColumns} FROM runs{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY created_ticks DESC, id LIMIT @limit OFFSET @offset";
        return await db.ReadAsync<IReadOnlyList<RunRecord>>(async c =>
        {
            await using var command = c.Command(null, sql, [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<RunRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(ReadRun(reader));
            }

            return list;
        }, cancellationToken);
    }

    private static async Task RequireRunAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct)
    {
        if (await c.ScalarAsync<string>(tx, "SELECT id FROM runs WHERE id = @id", ct, ("id", runId)) is null)
        {
            throw new InputException($"no run with id '{runId}'");
        }
    }

    private async Task TouchAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct) =>
        await c.ExecuteAsync(tx, "UPDATE runs SET updated_ticks = @now WHERE id = @id", ct, ("now", _time.GetUtcNow().UtcTicks), ("id", runId));

    private static RunRecord ReadRun(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Domain = r.GetString(1),
        Target = r.GetString(2),
        Status = Parse<RunStatus>(r.GetString(3)),
        StopReason = r.NullableString(4) is { } stop ? Parse<StopReason>(stop) : null,
        ParametersJson = r.GetString(5),
        SummaryJson = r.NullableString(6),
        Error = r.NullableString(7),
        CreatedAt = r.Ticks(8),
        UpdatedAt = r.Ticks(9),
    };

    private static string Name<T>(T value)
        where T : struct, Enum => EnumNames.Name(value);

    private static T Parse<T>(string name)
        where T : struct, Enum => EnumNames.Parse<T>(name);
}
