using System.Globalization;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>
/// The rule repository on SQLite or PostgreSQL. Writers take the rule's lock first (SQLite: BEGIN IMMEDIATE;
/// PostgreSQL: SELECT … FOR UPDATE on the head row), so the read of version N and the write of N+1 are one atomic
/// step; the (rule_id, version) primary key makes a duplicate version impossible even if that were bypassed.
/// </summary>
public sealed class SqlRuleRepository(DatabaseConnector db, TimeProvider? time = null, RuleIdGenerator? ids = null) : IRuleRepository
{
    /// <summary>The columns of <c>rule_versions</c>, in the order the writers fill them.</summary>
    internal const string Columns = "rule_id, version, name, description, domain, status, source, deleted, score, created_ticks, updated_ticks, rule_json";

    /// <summary>A version's document with the head's deleted flag; the head row is <c>r</c>.</summary>
    private const string HeadDocument = "SELECT v.rule_json, r.deleted FROM rules r JOIN rule_versions v ON v.rule_id = r.rule_id AND v.version = r.version WHERE r.rule_id = @id";

    private const string Values = "@rule_id, @version, @name, @description, @domain, @status, @source, @deleted, @score, @created_ticks, @updated_ticks, @rule_json";
    private static readonly string[] HeadColumnNames = RuleSchema.HeadColumns.Split(", ");
    private static readonly string[] HeadTagNames = RuleSchema.HeadTagColumns.Split(", ");
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly RuleIdGenerator _ids = ids ?? RuleIdGenerator.Shared;

    /// <summary>From this many rules an add is a bulk load: statistics are refreshed and the WAL is checkpointed in the background.</summary>
    private const int BulkThreshold = 1000;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(RuleSchema.Area, RuleSchema.For(db.Kind), cancellationToken);

    public async Task<Rule> AddAsync(Rule rule, string? reason, CancellationToken cancellationToken) =>
        (await AddAllAsync([rule], reason, cancellationToken))[0];

    public Task<IReadOnlyList<Rule>> AddManyAsync(IReadOnlyList<Rule> rules, CancellationToken cancellationToken) =>
        AddAllAsync(rules, null, cancellationToken);

    public Task<IReadOnlyList<Rule>> AddManyAsync(IReadOnlyList<Rule> rules, string? reason, CancellationToken cancellationToken) =>
        AddAllAsync(rules, reason, cancellationToken);

    public async Task<IReadOnlySet<string>> ExistingIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync(cancellationToken);
        var found = new HashSet<string>(StringComparer.Ordinal);
        // A few hundred ids per statement keeps under both databases' parameter limits.
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = chunk.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var parameters = chunk.Select((id, i) => (names[i][1..], (object?)id)).ToArray();
            await db.ReadAsync(async c =>
            {
                await using var command = c.Command(null, $"SELECT rule_id FROM rules WHERE rule_id IN ({string.Join(", ", names)})", parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(reader.GetString(0));
                }

                return 0;
            }, cancellationToken);
        }

        return found;
    }

    public async Task<Rule> UpdateAsync(string id, RulePatch patch, string? reason, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        await EnsureSchemaAsync(cancellationToken);
        return await db.WriteAsync(async (c, tx) =>
        {
            var (current, deleted) = await LockHeadAsync(c, tx, id, cancellationToken);
            if (deleted)
            {
                throw new InputException($"rule '{id}' is deleted; restore it before updating");
            }

            if (expectedVersion is { } expected && expected != current.Version)
            {
                throw new ConcurrencyConflictException($"rule '{id}' is at version {current.Version}, not the expected version {expected}; nothing was changed")
                {
                    ActualVersion = current.Version,
                };
            }

            var now = _time.GetUtcNow();
            var next = Validate(patch.ApplyTo(current)) with { Version = current.Version + 1, UpdatedAt = now };
            var fields = JsonSerializer.Serialize(RuleDiffer.ChangedFields(current, next), CanonicalJson.Options);

            // One round trip for every row of the new version: under load, each round trip held under the lock costs
            // every waiting writer, so the statements travel together.
            var sql = new System.Text.StringBuilder()
                .Append($"INSERT INTO rule_versions ({Columns}) VALUES ({Values});")
                .Append($"UPDATE rules SET {string.Join(", ", HeadColumnNames.Skip(1).Select(n => $"{n} = @{n}"))} WHERE rule_id = @rule_id AND version = @previous;")
                .Append("INSERT INTO rule_changes (rule_id, seq, version, kind, fields, reason, at_ticks) SELECT @rule_id, COALESCE(MAX(seq), 0) + 1, @version, @kind, @fields, @reason, @at_ticks FROM rule_changes WHERE rule_id = @rule_id;");
            var parameters = new List<(string, object?)>(Row(next))
            {
                ("previous", current.Version), ("kind", EnumNames.Name(RuleChangeKind.Update)), ("fields", fields), ("reason", reason), ("at_ticks", now.UtcTicks),
            };
            parameters.AddRange(next.Tags.Select((t, i) => ($"tag{i}", (object?)t)));

            // The replaced version leaves the head's search tables for those of superseded versions (schema 4): it is
            // marked in rule_versions, its tags move from rule_head_tags to rule_tags, and the new version's take their place.
            sql.Append("UPDATE rule_versions SET superseded = 1 WHERE rule_id = @rule_id AND version = @previous;");
            if (current.Tags.Count > 0)
            {
                sql.Append("INSERT INTO rule_tags (rule_id, version, tag) VALUES ")
                    .AppendJoin(", ", current.Tags.Select((_, i) => $"(@rule_id, @previous, @old{i})")).Append(';');
                sql.Append("DELETE FROM rule_head_tags WHERE rule_id = @rule_id AND tag IN (").AppendJoin(", ", current.Tags.Select((_, i) => $"@old{i}")).Append(");");
                parameters.AddRange(current.Tags.Select((t, i) => ($"old{i}", (object?)t)));
            }

            if (next.Tags.Count > 0)
            {
                var values = string.Join(", ", HeadTagNames.Skip(1).Select(n => "@" + n));
                sql.Append($"INSERT INTO rule_head_tags ({RuleSchema.HeadTagColumns}) VALUES ")
                    .AppendJoin(", ", next.Tags.Select((_, i) => $"(@tag{i}, {values})")).Append(';');
            }

            if (next.Metrics.Count > 0)
            {
                var metrics = next.Metrics.ToArray();
                sql.Append("INSERT INTO rule_metrics (rule_id, version, name, value) VALUES ")
                    .AppendJoin(", ", metrics.Select((_, i) => $"(@rule_id, @version, @metric{i}, @value{i})")).Append(';');
                parameters.AddRange(metrics.SelectMany((m, i) => new (string, object?)[] { ($"metric{i}", m.Key), ($"value{i}", m.Value) }));
            }

            var expectedRows = 4 + next.Tags.Count + next.Metrics.Count + (2 * current.Tags.Count);
            var changed = await c.ExecuteAsync(tx, sql.ToString(), cancellationToken, [.. parameters]);
            if (changed != expectedRows)
            {
                // Unreachable while the head row is locked; kept so a bypassed lock can never overwrite silently.
                throw new ConcurrencyConflictException($"rule '{id}' changed while being updated") { CanRetry = true };
            }

            return next;
        }, cancellationToken, attempts: 50);
    }

    public async Task<Rule?> GetAsync(string id, int? version, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(async c =>
        {
            await using var command = version is { } v
                ? c.Command(null, "SELECT rule_json, deleted FROM rule_versions WHERE rule_id = @id AND version = @version", ("id", id), ("version", v))
                : c.Command(null, HeadDocument, ("id", id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadRule(reader, 0, 1) : null;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<RuleRevision>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        var list = await db.ReadAsync<IReadOnlyList<RuleRevision>>(async c =>
        {
            await using var command = c.Command(
                null,
                """
                SELECT v.rule_json, v.deleted, c.version, c.kind, c.fields, c.reason, c.at_ticks
                FROM rule_versions v JOIN rule_changes c ON c.rule_id = v.rule_id AND c.version = v.version AND c.kind IN ('create', 'update')
                WHERE v.rule_id = @id ORDER BY v.version
                """,
                ("id", id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var revisions = new List<RuleRevision>();
            while (await reader.ReadAsync(cancellationToken))
            {
                revisions.Add(new RuleRevision(ReadRule(reader, 0, 1), ReadChange(reader, id, 2)));
            }

            return revisions;
        }, cancellationToken);
        return list.Count == 0 ? throw RuleNotFoundException.For(id) : list;
    }

    public async Task<IReadOnlyList<RuleChange>> GetChangesAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        var list = await db.ReadAsync<IReadOnlyList<RuleChange>>(async c =>
        {
            await using var command = c.Command(null, "SELECT version, kind, fields, reason, at_ticks FROM rule_changes WHERE rule_id = @id ORDER BY seq", ("id", id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var changes = new List<RuleChange>();
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(ReadChange(reader, id, 0));
            }

            return changes;
        }, cancellationToken);
        return list.Count == 0 ? throw RuleNotFoundException.For(id) : list;
    }

    public async Task<RuleDiff> DiffAsync(string id, int fromVersion, int toVersion, CancellationToken cancellationToken)
    {
        var latest = await GetAsync(id, null, cancellationToken) ?? throw RuleNotFoundException.For(id);
        var from = await GetAsync(id, fromVersion, cancellationToken) ?? throw RuleNotFoundException.For(id, fromVersion, latest.Version);
        var to = await GetAsync(id, toVersion, cancellationToken) ?? throw RuleNotFoundException.For(id, toVersion, latest.Version);
        return new RuleDiff(id, fromVersion, toVersion, RuleDiffer.Diff(from, to));
    }

    public async Task<RuleSearchResult> SearchAsync(RuleQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 0 || query.Offset < 0)
        {
            throw new InputException("limit and offset must not be negative");
        }

        await EnsureSchemaAsync(cancellationToken);
        var (countSql, pageSql, parameters) = RuleSearchSql.Statements(query, db.Kind, db.CaseInsensitiveLike);
        return await db.ReadAsync(async c =>
        {
            var total = await c.ScalarAsync<long>(null, countSql, cancellationToken, [.. parameters]);
            var items = new List<Rule>();
            if (query.Limit > 0 && total > query.Offset)
            {
                await using var command = c.Command(null, pageSql, [.. parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(ReadRule(reader, 0, 1));
                }
            }

            return new RuleSearchResult((int)total, items);
        }, cancellationToken);
    }

    public Task<Rule> DeleteAsync(string id, string? reason, CancellationToken cancellationToken) => SetDeletedAsync(id, true, reason, cancellationToken);

    public Task<Rule> RestoreAsync(string id, string? reason, CancellationToken cancellationToken) => SetDeletedAsync(id, false, reason, cancellationToken);

    private async Task<Rule> SetDeletedAsync(string id, bool deleted, string? reason, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.WriteAsync(async (c, tx) =>
        {
            var (current, wasDeleted) = await LockHeadAsync(c, tx, id, cancellationToken);
            if (wasDeleted == deleted)
            {
                return current with { Deleted = deleted };
            }

            var flag = deleted ? 1 : 0;
            await c.ExecuteAsync(tx, "UPDATE rules SET deleted = @flag WHERE rule_id = @id", cancellationToken, ("flag", flag), ("id", id));
            await c.ExecuteAsync(tx, "UPDATE rule_versions SET deleted = @flag WHERE rule_id = @id", cancellationToken, ("flag", flag), ("id", id));
            if (current.Tags.Count > 0)
            {
                // Reached by its key (tag, rule_id): the head's tags are exactly its rows there.
                var tags = current.Tags.Select((t, i) => ($"tag{i}", (object?)t)).ToArray();
                await c.ExecuteAsync(tx, $"UPDATE rule_head_tags SET deleted = @flag WHERE rule_id = @id AND tag IN ({string.Join(", ", tags.Select(t => "@" + t.Item1))})", cancellationToken,
                    [("flag", flag), ("id", id), .. tags]);
            }
            await AppendChangeAsync(c, tx, id, current.Version, deleted ? RuleChangeKind.Delete : RuleChangeKind.Restore, [], reason, _time.GetUtcNow(), cancellationToken);
            return current with { Deleted = deleted };
        }, cancellationToken, attempts: 50);
    }

    private async Task<IReadOnlyList<Rule>> AddAllAsync(IReadOnlyList<Rule> rules, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var now = _time.GetUtcNow();
        var prepared = new List<Rule>(rules.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);

        // Rules without an id get time-ordered ones, drawn together so a batch's ids are consecutive.
        var newIds = new string[rules.Count(r => r is not null && string.IsNullOrEmpty(r.Id))];
        _ids.Fill(now, newIds);
        var nextNew = 0;
        foreach (var rule in rules)
        {
            var created = rule.CreatedAt == default ? now : rule.CreatedAt;
            var ready = Validate(rule) with
            {
                Id = string.IsNullOrEmpty(rule.Id) ? newIds[nextNew++] : rule.Id,
                Version = 1,
                Deleted = false,
                CreatedAt = created,
                UpdatedAt = rule.UpdatedAt == default ? created : rule.UpdatedAt,
            };
            if (!ids.Add(ready.Id))
            {
                throw new InputException($"rule id '{ready.Id}' appears twice in one batch");
            }

            prepared.Add(ready);
        }

        if (prepared.Count == 0)
        {
            return prepared;
        }

        await EnsureSchemaAsync(cancellationToken);
        if (prepared.Count >= BulkThreshold && db is SqliteConnector sqlite)
        {
            await sqlite.CatchUpCheckpointsAsync();
        }

        var added = await db.WriteAsync<IReadOnlyList<Rule>>(async (c, tx) =>
        {
            if (c is NpgsqlConnection npgsql)
            {
                try
                {
                    await PostgresRuleCopy.WriteAsync(npgsql, (NpgsqlTransaction)tx, [.. prepared.Select(r => (r, Row(r)))], Columns, reason, now, cancellationToken);
                }
                catch (DbException e) when (db.IsUniqueViolation(e))
                {
                    // Only a concurrent add of the same id gets here (the copy checks for existing ids first).
                    throw new InputException("a rule of this batch was added by someone else meanwhile; nothing was stored, use update for existing rules", e);
                }

                return prepared;
            }

            if (prepared.Count >= BulkThreshold)
            {
                SqliteConnector.DeferCheckpoint((SqliteConnection)c);
            }

            SqliteRuleBulkWriter.Write((SqliteConnection)c, prepared, reason, now);
            return prepared;
        }, cancellationToken);
        if (prepared.Count >= BulkThreshold)
        {
            // The batch's WAL is copied into the file while the caller prepares or writes its next batch.
            (db as SqliteConnector)?.StartCheckpoint();

            // A large load changes the data's shape; fresh statistics keep the planner on the right index.
            await db.OptimizeAsync(["rules", "rule_versions", "rule_tags", "rule_metrics", "rule_head_tags"], cancellationToken);
        }

        return added;
    }

    private async Task<(Rule Rule, bool Deleted)> LockHeadAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct)
    {
        // Where rows are locked (PostgreSQL), the lock is its own statement: the document read then runs on a snapshot
        // taken after the lock was granted, so it sees the version a concurrent writer just committed (one statement
        // would join the locked head to versions from before the wait, and find none).
        var locks = db.ForUpdate.Length > 0;
        await using var command = c.Command(tx, locks ? $"SELECT 1 FROM rules WHERE rule_id = @id{db.ForUpdate}; {HeadDocument}" : HeadDocument, ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (locks)
        {
            await reader.NextResultAsync(ct);
        }

        if (!await reader.ReadAsync(ct))
        {
            throw RuleNotFoundException.For(id);
        }

        var rule = ReadRule(reader, 0, 1);
        return (rule, rule.Deleted);
    }

    private static async Task AppendChangeAsync(DbConnection c, DbTransaction tx, string id, int version, RuleChangeKind kind, IReadOnlyList<string> fields, string? reason, DateTimeOffset at, CancellationToken ct)
    {
        var seq = (await c.ScalarAsync<long?>(tx, "SELECT MAX(seq) FROM rule_changes WHERE rule_id = @id", ct, ("id", id)) ?? 0) + 1;
        await c.ExecuteAsync(
            tx,
            "INSERT INTO rule_changes (rule_id, seq, version, kind, fields, reason, at_ticks) VALUES (@rule_id, @seq, @version, @kind, @fields, @reason, @at_ticks)",
            ct,
            ("rule_id", id),
            ("seq", seq),
            ("version", version),
            ("kind", EnumNames.Name(kind)),
            ("fields", JsonSerializer.Serialize(fields, CanonicalJson.Options)),
            ("reason", reason),
            ("at_ticks", at.UtcTicks));
    }

    private static Rule Validate(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var who = string.IsNullOrEmpty(rule.Id) ? $"rule '{rule.Name}'" : $"rule '{rule.Id}'";
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            throw new InputException($"{who}: field 'name' must not be empty");
        }

        if (string.IsNullOrWhiteSpace(rule.Domain))
        {
            throw new InputException($"{who}: field 'domain' must not be empty");
        }

        if (rule.Id.Length > 0 && (rule.Id.Length > 128 || !rule.Id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':')))
        {
            throw new InputException($"{who}: field 'id' may hold only letters, digits, '-', '_', '.', ':' (at most 128)");
        }

        if (rule.Tags.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
        {
            throw new InputException($"{who}: field 'tags' must not contain empty tags");
        }

        var conditions = rule.Body switch { ConditionRule c => c.Conditions, ForecastRule f => f.Conditions, _ => [] };
        for (var i = 0; i < conditions.Count; i++)
        {
            if (ConditionOperators.Misfit(conditions[i].Operator, conditions[i].Value) is { } misfit)
            {
                throw new InputException($"{who}: field 'body.conditions[{i}]' ({conditions[i]}): {misfit}");
            }
        }

        foreach (var (name, value) in rule.Metrics)
        {
            if (!double.IsFinite(value))
            {
                throw new InputException($"{who}: metric 'metrics.{name}' must be a finite number, not {value}");
            }
        }

        return rule with { Tags = rule.Tags.Distinct(StringComparer.Ordinal).ToArray() };
    }

    private static Rule ReadRule(DbDataReader reader, int jsonOrdinal, int deletedOrdinal) =>
        CanonicalJson.Deserialize<Rule>(reader.GetString(jsonOrdinal), "stored rule") with { Deleted = Convert.ToInt64(reader.GetValue(deletedOrdinal), System.Globalization.CultureInfo.InvariantCulture) != 0 };

    private static RuleChange ReadChange(DbDataReader r, string id, int first) => new()
    {
        RuleId = id,
        Version = Convert.ToInt32(r.GetValue(first), System.Globalization.CultureInfo.InvariantCulture),
        Kind = EnumNames.Parse<RuleChangeKind>(r.GetString(first + 1)),
        Fields = JsonSerializer.Deserialize<string[]>(r.GetString(first + 2), CanonicalJson.Options) ?? [],
        Reason = r.NullableString(first + 3),
        At = r.Ticks(first + 4),
    };

    /// <summary>The values of <see cref="Columns"/> for <paramref name="rule"/>, named as parameters.</summary>
    private static (string, object?)[] Row(Rule rule) =>
    [
        ("rule_id", rule.Id),
        ("version", rule.Version),
        ("name", rule.Name),
        ("description", rule.Description),
        ("domain", rule.Domain),
        ("status", EnumNames.Name(rule.Status)),
        ("source", EnumNames.Name(rule.Source)),
        ("deleted", rule.Deleted ? 1 : 0),
        ("score", rule.Metrics.TryGetValue("score", out var s) ? s : null),
        ("created_ticks", rule.CreatedAt.UtcTicks),
        ("updated_ticks", rule.UpdatedAt.UtcTicks),
        ("rule_json", CanonicalJson.Serialize(rule with { Deleted = false })),
    ];
}
