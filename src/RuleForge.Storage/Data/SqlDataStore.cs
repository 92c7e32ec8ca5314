using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using RuleForge.Core.Data;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Data;

/// <summary>
/// The versioned data store on SQLite or PostgreSQL. A batch is one transaction; records are deduplicated by the
/// content hash (SQLite: two levels, the append-only <c>data_hash_log</c> merged into <c>data_hashes</c>, see
/// <see cref="SqliteHashLog"/>; PostgreSQL: the unique (dataset, hash) index; INSERT … ON
/// CONFLICT DO NOTHING), so re-ingesting adds nothing. PostgreSQL loads batches with binary COPY into a session temp
/// table first.
/// </summary>
/// <param name="db">The database.</param>
/// <param name="time">The clock for ingestion and seal times.</param>
/// <param name="hashLogMergeAt">SQLite: log entries above which the dedup log is merged into <c>data_hashes</c> (memory ~40 bytes each).</param>
public sealed class SqlDataStore(DatabaseConnector db, TimeProvider? time = null, int hashLogMergeAt = SqliteHashLog.DefaultMergeAt) : IDataStore
{
    private const int MaxRawLength = 4000;
    private const string RecordColumns = "r.seq, d.name, r.version, r.hash, r.source_ref, r.ingested_ticks, r.record_ticks, r.data_json";

    // SQLite's slim layout: a record's dataset, version and ingestion time come from its batch (a seq range), its
    // reference from data_refs plus its line; the hash is recomputed from the JSON. The CROSS JOINs keep the batches
    // as the outer loop (scanned in seq order) so records come out in seq order without a sort.
    private const string SqliteRecordColumns = "r.seq, d.name, b.version, f.prefix, r.ref_line, b.ingested_ticks, r.record_ticks, r.data_json";
    private const string SqliteRecordSource = "data_batches b CROSS JOIN data_datasets d CROSS JOIN data_records r CROSS JOIN data_refs f";
    private const string SqliteRecordJoin = "d.id = b.dataset_id AND r.seq BETWEEN b.first_seq AND b.last_seq AND f.id = r.ref_id";
    private const string VersionColumns = "d.name, v.version, v.run_id, v.source_id, v.source_version, v.parent_version, v.status, v.added, v.created_ticks, v.sealed_ticks";
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SqliteHashLog _hashes = new(hashLogMergeAt);

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(DataSchema.Area, DataSchema.For(db.Kind), cancellationToken);

    public async Task<DataBatchResult> AppendAsync(DataBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RequireName(batch.Dataset, "dataset");
        RequireName(batch.SourceId, "source id");
        RequireName(batch.RunId, "run id");
        foreach (var record in batch.Records)
        {
            if (record.HashBytes.Length == 0 || record.IsEmpty)
            {
                throw new ArgumentException($"record from {record.SourceRef} has no content or hash", nameof(batch));
            }
        }

        await EnsureSchemaAsync(cancellationToken);
        var now = _time.GetUtcNow();
        SqliteHashLog.Update? pending = null;
        DataBatchResult result;
        try
        {
            result = await WriteBatchAsync(batch, now, p => pending = p, cancellationToken);
        }
        catch
        {
            // Whether the batch's hashes reached the log is unknown: the next batch reloads it.
            _hashes.Reset();
            throw;
        }

        if (pending is not null)
        {
            _hashes.Commit(pending);
        }

        return result;
    }

    private Task<DataBatchResult> WriteBatchAsync(DataBatch batch, DateTimeOffset now, Action<SqliteHashLog.Update> claimed, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            var datasetId = await DatasetIdAsync(c, tx, batch, now, cancellationToken);
            var existing = await c.ScalarAsync<long?>(tx, "SELECT version FROM data_versions WHERE dataset_id = @d AND run_id = @run", cancellationToken, ("d", datasetId), ("run", batch.RunId));
            var version = existing is { } e ? (int)e : (int)((await c.ScalarAsync<long?>(tx, "SELECT MAX(version) FROM data_versions WHERE dataset_id = @d", cancellationToken, ("d", datasetId)) ?? 0) + 1);
            int stored;
            if (batch.Records.Count == 0)
            {
                stored = 0;
            }
            else if (db.Kind == DatabaseKind.PostgreSql)
            {
                stored = await CopyRecordsAsync((NpgsqlConnection)c, (NpgsqlTransaction)tx, datasetId, version, batch.Records, now, cancellationToken);
            }
            else
            {
                (stored, var update) = SqliteRecordWriter.Write((SqliteConnection)c, (SqliteTransaction)tx, _hashes, datasetId, version, batch.Records, now);
                claimed(update);
            }

            if (stored > 0 && existing is null)
            {
                // A version left open by a crashed run is sealed as interrupted; its committed records stay, and this one builds on it.
                await c.ExecuteAsync(tx, "UPDATE data_versions SET status = @s, sealed_ticks = @now WHERE dataset_id = @d AND status = @open", cancellationToken,
                    ("s", EnumNames.Name(DataVersionStatus.Interrupted)), ("now", now.UtcTicks), ("d", datasetId), ("open", EnumNames.Name(DataVersionStatus.Open)));
                await c.ExecuteAsync(
                    tx,
                    "INSERT INTO data_versions (dataset_id, version, run_id, source_id, source_version, parent_version, status, added, created_ticks) VALUES (@d, @v, @run, @source, @sv, @parent, @s, @added, @now)",
                    cancellationToken,
                    ("d", datasetId),
                    ("v", version),
                    ("run", batch.RunId),
                    ("source", batch.SourceId),
                    ("sv", batch.SourceVersion),
                    ("parent", version > 1 ? version - 1 : null),
                    ("s", EnumNames.Name(DataVersionStatus.Open)),
                    ("added", (long)stored),
                    ("now", now.UtcTicks));
            }
            else if (stored > 0)
            {
                await c.ExecuteAsync(tx, "UPDATE data_versions SET added = added + @n, source_version = COALESCE(@sv, source_version) WHERE dataset_id = @d AND version = @v", cancellationToken,
                    ("n", (long)stored), ("sv", batch.SourceVersion), ("d", datasetId), ("v", version));
            }

            await InsertQuarantineAsync(c, tx, datasetId, batch, now, cancellationToken);
            if (batch.Watermark is { } watermark)
            {
                await c.ExecuteAsync(tx, "INSERT INTO data_watermarks (source_id, value, updated_ticks) VALUES (@s, @v, @now) ON CONFLICT (source_id) DO UPDATE SET value = excluded.value, updated_ticks = excluded.updated_ticks", cancellationToken,
                    ("s", batch.SourceId), ("v", watermark), ("now", now.UtcTicks));
            }

            if (!batch.Usage.IsEmpty)
            {
                await c.ExecuteAsync(
                    tx,
                    "INSERT INTO data_usage (source_id, day, calls, bytes, cost) VALUES (@s, @day, @calls, @bytes, @cost) ON CONFLICT (source_id, day) DO UPDATE SET calls = data_usage.calls + excluded.calls, bytes = data_usage.bytes + excluded.bytes, cost = data_usage.cost + excluded.cost",
                    cancellationToken,
                    ("s", batch.SourceId),
                    ("day", Day(DateOnly.FromDateTime(now.UtcDateTime))),
                    ("calls", batch.Usage.Calls),
                    ("bytes", batch.Usage.Bytes),
                    ("cost", (double)batch.Usage.Cost));
            }

            var joined = stored > 0 || existing is not null ? version : (int?)null;
            return new DataBatchResult(stored, batch.Records.Count - stored, batch.Quarantined.Count, joined);
        }, cancellationToken);

    public async Task<DataVersion?> SealAsync(string dataset, string runId, DataVersionStatus status, CancellationToken cancellationToken)
    {
        if (status == DataVersionStatus.Open)
        {
            throw new ArgumentException("a version is sealed as complete or interrupted", nameof(status));
        }

        await EnsureSchemaAsync(cancellationToken);
        var now = _time.GetUtcNow();
        await db.WriteAsync(
            (c, tx) => c.ExecuteAsync(
                tx,
                "UPDATE data_versions SET status = @s, sealed_ticks = @now WHERE run_id = @run AND status = @open AND dataset_id = (SELECT id FROM data_datasets WHERE name = @name)",
                cancellationToken,
                ("s", EnumNames.Name(status)),
                ("now", now.UtcTicks),
                ("run", runId),
                ("open", EnumNames.Name(DataVersionStatus.Open)),
                ("name", dataset)),
            cancellationToken);
        return (await GetVersionsAsync(dataset, cancellationToken)).FirstOrDefault(v => v.RunId == runId);
    }

    public async Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await ReadSummariesAsync("", [], cancellationToken);
    }

    public async Task<DatasetSummary?> FindDatasetAsync(string datasetOrSource, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        var found = await ReadSummariesAsync(" WHERE d.name = @x OR d.source_id = @x", [("x", datasetOrSource)], cancellationToken);
        return found.FirstOrDefault(d => d.Name == datasetOrSource) ?? found.FirstOrDefault();
    }

    public async Task<IReadOnlyList<DataVersion>> GetVersionsAsync(string dataset, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync<IReadOnlyList<DataVersion>>(async c =>
        {
            await using var command = c.Command(null, $"SELECT {VersionColumns} FROM data_versions v JOIN data_datasets d ON d.id = v.dataset_id WHERE d.name = @name ORDER BY v.version", ("name", dataset));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var versions = new List<DataVersion>();
            var total = 0L;
            while (await reader.ReadAsync(cancellationToken))
            {
                var added = reader.GetInt64(7);
                total += added;
                versions.Add(new DataVersion
                {
                    Dataset = reader.GetString(0),
                    Version = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                    RunId = reader.GetString(2),
                    SourceId = reader.GetString(3),
                    SourceVersion = reader.NullableString(4),
                    ParentVersion = reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                    Status = EnumNames.Parse<DataVersionStatus>(reader.GetString(6)),
                    Added = added,
                    Total = total,
                    CreatedAt = reader.Ticks(8),
                    SealedAt = reader.IsDBNull(9) ? null : reader.Ticks(9),
                });
            }

            return versions;
        }, cancellationToken);
    }

    public async IAsyncEnumerable<DataRecord> QueryAsync(DataRecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureSchemaAsync(cancellationToken);
        var (conditions, parameters) = Filter(query);
        var where = conditions.Length == 0 ? "" : " WHERE " + conditions;
        var limit = query.Limit is { } l ? $" LIMIT {l.ToString(CultureInfo.InvariantCulture)}" : "";
        var sqlite = db.Kind == DatabaseKind.Sqlite;
        await using var c = await db.OpenConnectionAsync(cancellationToken);
        await using var command = c.Command(
            null,
            sqlite
                ? $"SELECT {SqliteRecordColumns} FROM {SqliteRecordSource} WHERE {SqliteRecordJoin}{(conditions.Length == 0 ? "" : " AND " + conditions)} ORDER BY b.first_seq, r.seq{limit}"
                : $"SELECT {RecordColumns} FROM data_records r JOIN data_datasets d ON d.id = r.dataset_id{where} ORDER BY r.seq{limit}",
            [.. parameters]);
        await using var reader = await ExecuteAsync(command, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var json = reader.GetString(7);
            yield return new DataRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToHexStringLower(sqlite ? ContentHash(json) : reader.GetFieldValue<byte[]>(3)),
                sqlite ? SourceRefParts.Join(reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)) : reader.GetString(4),
                reader.Ticks(5),
                reader.IsDBNull(6) ? null : reader.Ticks(6),
                json);
        }
    }

    public async Task<long> CountAsync(DataRecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureSchemaAsync(cancellationToken);
        var (conditions, parameters) = Filter(query);
        var where = conditions.Length == 0 ? "" : " WHERE " + conditions;
        var sql = db.Kind == DatabaseKind.Sqlite
            ? $"SELECT COUNT(*) FROM {SqliteRecordSource} WHERE {SqliteRecordJoin}{(conditions.Length == 0 ? "" : " AND " + conditions)}"
            : $"SELECT COUNT(*) FROM data_records r JOIN data_datasets d ON d.id = r.dataset_id{where}";
        var count = await db.ReadAsync(c => c.ScalarAsync<long>(null, sql, cancellationToken, [.. parameters]), cancellationToken);
        return query.Limit is { } limit ? Math.Min(count, limit) : count;
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> GetQuarantineAsync(string dataset, int limit, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync<IReadOnlyList<QuarantinedRecord>>(async c =>
        {
            await using var command = c.Command(
                null,
                "SELECT q.seq, d.name, q.run_id, q.source_ref, q.reason, q.raw, q.at_ticks FROM data_quarantine q JOIN data_datasets d ON d.id = q.dataset_id WHERE d.name = @name ORDER BY q.seq LIMIT @limit",
                ("name", dataset),
                ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<QuarantinedRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(new QuarantinedRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.NullableString(5), reader.Ticks(6)));
            }

            return list;
        }, cancellationToken);
    }

    public async Task<string?> GetWatermarkAsync(string sourceId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(c => c.ScalarAsync<string>(null, "SELECT value FROM data_watermarks WHERE source_id = @s", cancellationToken, ("s", sourceId)), cancellationToken);
    }

    public async Task<CallUsage> GetUsageAsync(string sourceId, DateOnly day, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(async c =>
        {
            await using var command = c.Command(null, "SELECT calls, bytes, cost FROM data_usage WHERE source_id = @s AND day = @day", ("s", sourceId), ("day", Day(day)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new CallUsage(reader.GetInt64(0), reader.GetInt64(1), (decimal)reader.GetDouble(2))
                : CallUsage.None;
        }, cancellationToken);
    }

    /// <summary>
    /// A stored record's content hash: the first 16 bytes of the SHA-256 of its canonical JSON, exactly what the
    /// canonicalizers compute and <c>data_hashes</c> holds (SQLite keeps the hash only there).
    /// </summary>
    private static byte[] ContentHash(string json) => SHA256.HashData(Encoding.UTF8.GetBytes(json))[..16];

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void RequireName(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InputException($"a data batch needs a {what}");
        }
    }

    private async Task<DbDataReader> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw db.Describe(e);
        }
    }

    private async Task<long> DatasetIdAsync(DbConnection c, DbTransaction tx, DataBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        await c.ExecuteAsync(tx, "INSERT INTO data_datasets (name, source_id, created_ticks) VALUES (@name, @source, @now) ON CONFLICT (name) DO NOTHING", ct,
            ("name", batch.Dataset), ("source", batch.SourceId), ("now", now.UtcTicks));

        // Locking the dataset row serialises concurrent runs of one dataset, so version numbers never collide.
        return await c.ScalarAsync<long>(tx, $"SELECT id FROM data_datasets WHERE name = @name{db.ForUpdate}", ct, ("name", batch.Dataset));
    }

    private static async Task<int> CopyRecordsAsync(NpgsqlConnection c, NpgsqlTransaction tx, long datasetId, int version, IReadOnlyList<DataRecordInput> records, DateTimeOffset now, CancellationToken ct)
    {
        await c.ExecuteAsync(tx, "CREATE TEMP TABLE IF NOT EXISTS data_stage (ord integer NOT NULL, hash bytea NOT NULL, source_ref text NOT NULL, record_ticks bigint, data_json text NOT NULL) ON COMMIT DELETE ROWS", ct);
        await using (var importer = await c.BeginBinaryImportAsync("COPY data_stage (ord, hash, source_ref, record_ticks, data_json) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < records.Count; i++)
            {
                var r = records[i];
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(r.Hash, NpgsqlDbType.Bytea, ct);
                await importer.WriteAsync(r.SourceRef, NpgsqlDbType.Text, ct);
                if (r.RecordTime is { } t)
                {
                    await importer.WriteAsync(t.UtcTicks, NpgsqlDbType.Bigint, ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }

                await importer.WriteAsync(r.Json, NpgsqlDbType.Text, ct);
            }

            await importer.CompleteAsync(ct);
        }

        var stored = await c.ExecuteAsync(
            tx,
            "INSERT INTO data_records (dataset_id, version, hash, source_ref, ingested_ticks, record_ticks, data_json) SELECT @d, @v, hash, source_ref, @now, record_ticks, data_json FROM data_stage ORDER BY ord ON CONFLICT (dataset_id, hash) DO NOTHING",
            ct,
            ("d", datasetId),
            ("v", version),
            ("now", now.UtcTicks));
        await c.ExecuteAsync(tx, "DELETE FROM data_stage", ct);
        return stored;
    }

    private static async Task InsertQuarantineAsync(DbConnection c, DbTransaction tx, long datasetId, DataBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        if (batch.Quarantined.Count == 0)
        {
            return;
        }

        await using var insert = c.Command(
            tx,
            "INSERT INTO data_quarantine (dataset_id, run_id, source_ref, reason, raw, at_ticks) VALUES (@d, @run, @ref, @reason, @raw, @now)",
            ("d", datasetId),
            ("run", batch.RunId),
            ("ref", ""),
            ("reason", ""),
            ("raw", null),
            ("now", now.UtcTicks));
        foreach (var q in batch.Quarantined)
        {
            insert.Parameters["ref"].Value = q.SourceRef;
            insert.Parameters["reason"].Value = q.Reason;
            insert.Parameters["raw"].Value = q.Raw is null ? DBNull.Value : q.Raw.Length > MaxRawLength ? q.Raw[..MaxRawLength] : q.Raw;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The query's conditions joined by AND (empty when there are none) and their parameters.</summary>
    private (string Conditions, List<(string, object?)> Parameters) Filter(DataRecordQuery query)
    {
        var clauses = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.Dataset is { } dataset)
        {
            clauses.Add("d.name = @dataset");
            parameters.Add(("dataset", dataset));
        }

        if (query.SourceId is { } source)
        {
            clauses.Add("d.source_id = @source");
            parameters.Add(("source", source));
        }

        var sqlite = db.Kind == DatabaseKind.Sqlite;
        if (query.Version is { } version)
        {
            clauses.Add(sqlite ? "b.version <= @version" : "r.version <= @version");
            parameters.Add(("version", version));
        }

        var timeColumn = query.ByRecordTime ? "r.record_ticks" : sqlite ? "b.ingested_ticks" : "r.ingested_ticks";
        if (query.From is { } from)
        {
            clauses.Add($"{timeColumn} >= @from");
            parameters.Add(("from", from.UtcTicks));
        }

        if (query.To is { } to)
        {
            clauses.Add($"{timeColumn} < @to");
            parameters.Add(("to", to.UtcTicks));
        }

        var i = 0;
        foreach (var (field, value) in query.Fields)
        {
            if (string.IsNullOrEmpty(field) || field.Contains('"', StringComparison.Ordinal))
            {
                throw new InputException($"invalid field name '{field}' in a record filter");
            }

            // Both engines read a top-level JSON field as text: numbers as written, booleans as true/false.
            clauses.Add(db.Kind == DatabaseKind.PostgreSql
                ? $"(r.data_json::jsonb ->> @f{i}) = @fv{i}"
                : $"(CASE json_type(r.data_json, @f{i}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(r.data_json, @f{i}) AS TEXT) END) = @fv{i}");
            parameters.Add(($"f{i}", db.Kind == DatabaseKind.PostgreSql ? field : $"$.\"{field}\""));
            parameters.Add(($"fv{i}", value));
            i++;
        }

        return (string.Join(" AND ", clauses), parameters);
    }

    private Task<List<DatasetSummary>> ReadSummariesAsync(string where, (string, object?)[] parameters, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            await using var command = c.Command(
                null,
                $"""
                SELECT d.name, d.source_id, d.created_ticks,
                  (SELECT MAX(v.version) FROM data_versions v WHERE v.dataset_id = d.id),
                  (SELECT COALESCE(SUM(v.added), 0) FROM data_versions v WHERE v.dataset_id = d.id),
                  (SELECT COUNT(*) FROM data_quarantine q WHERE q.dataset_id = d.id)
                FROM data_datasets d{where} ORDER BY d.name
                """,
                parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var list = new List<DatasetSummary>();
            while (await reader.ReadAsync(ct))
            {
                list.Add(new DatasetSummary(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.IsDBNull(3) ? null : Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
                    reader.Ticks(2)));
            }

            return list;
        }, ct);
}
