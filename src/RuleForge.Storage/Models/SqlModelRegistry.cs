using System.Data.Common;
using RuleForge.Core.Errors;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Models;

/// <summary>The model registry on SQLite or PostgreSQL; version numbers are assigned inside the write transaction, so concurrent registrations never collide.</summary>
public sealed class SqlModelRegistry(DatabaseConnector db, TimeProvider? time = null) : IModelRegistry
{
    private const string Columns = "name, version, kind, description, parameters_json, metrics_json, data_version, artifact_path, parent_name, parent_version, run_id, stage, created_ticks, updated_ticks";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(ModelSchema.Area, ModelSchema.For(db.Kind), cancellationToken);

    public async Task<ModelVersion> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (string.IsNullOrWhiteSpace(registration.Name))
        {
            throw new InputException("a model needs a name");
        }

        await EnsureSchemaAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var version = await db.WriteAsync(async (c, tx) =>
        {
            if (registration.Parent is { } parent && await ReadOneAsync(c, tx, parent.Name, parent.Version, cancellationToken) is null)
            {
                throw new InputException($"parent model {parent} is not registered");
            }

            var next = (await c.ScalarAsync<long?>(tx, "SELECT MAX(version) FROM model_versions WHERE name = @name", cancellationToken, ("name", registration.Name)) ?? 0) + 1;
            await c.ExecuteAsync(
                tx,
                $"INSERT INTO model_versions ({Columns}) VALUES (@name, @version, @kind, @description, @params, @metrics, @data, @artifact, @pname, @pversion, @run, @stage, @now, @now)",
                cancellationToken,
                ("name", registration.Name),
                ("version", (int)next),
                ("kind", registration.Kind),
                ("description", registration.Description),
                ("params", registration.ParametersJson),
                ("metrics", CanonicalJson.Serialize(registration.Metrics)),
                ("data", registration.DataVersion),
                ("artifact", registration.ArtifactPath),
                ("pname", registration.Parent?.Name),
                ("pversion", registration.Parent?.Version),
                ("run", registration.RunId),
                ("stage", ModelStages.Name(ModelStage.None)),
                ("now", now.UtcTicks));
            foreach (var (key, value) in registration.Tags)
            {
                await c.ExecuteAsync(tx, "INSERT INTO model_tags (name, version, tag_key, tag_value) VALUES (@name, @version, @key, @value)", cancellationToken, ("name", registration.Name), ("version", (int)next), ("key", key), ("value", value));
            }

            return (int)next;
        }, cancellationToken);
        return (await GetAsync(registration.Name, version, cancellationToken))!;
    }

    public async Task<ModelVersion?> GetAsync(string name, int version, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(c => ReadOneAsync(c, null, name, version, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(ModelQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(async c =>
        {
            // Only the filters given become SQL (PostgreSQL cannot type a bare NULL parameter).
            var where = new List<string> { "1 = 1" };
            var args = new List<(string, object?)> { ("limit", query.Limit) };
            if (query.Name is { } name)
            {
                where.Add("name = @name");
                args.Add(("name", name));
            }

            if (query.Stage is { } stage)
            {
                where.Add("stage = @stage");
                args.Add(("stage", ModelStages.Name(stage)));
            }

            if (query.Tag is { } tag)
            {
                where.Add("EXISTS (SELECT 1 FROM model_tags t WHERE t.name = v.name AND t.version = v.version AND t.tag_key = @tag)");
                args.Add(("tag", tag));
            }

            var sql = $"SELECT {Columns} FROM model_versions v WHERE {string.Join(" AND ", where)} ORDER BY created_ticks DESC, name, version DESC LIMIT @limit";
            return await ReadManyAsync(c, null, sql, cancellationToken, args.ToArray());
        }, cancellationToken);
    }

    public async Task<ModelVersion> TransitionAsync(string name, int version, ModelStage to, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InputException("a stage transition needs a reason");
        }

        await EnsureSchemaAsync(cancellationToken);
        var now = _time.GetUtcNow();
        await db.WriteAsync(async (c, tx) =>
        {
            var current = await ReadOneAsync(c, tx, name, version, cancellationToken, db.ForUpdate) ?? throw new InputException($"model {name} v{version} is not registered");
            if (ModelStages.Explain(current.Stage, to) is { } why)
            {
                throw new InputException($"{name} v{version}: {why}");
            }

            if (to == ModelStage.Production)
            {
                var others = await ReadManyAsync(c, tx, $"SELECT {Columns} FROM model_versions WHERE name = @name AND stage = @stage AND version <> @version", cancellationToken, ("name", name), ("stage", ModelStages.Name(ModelStage.Production)), ("version", version));
                foreach (var other in others)
                {
                    await MoveAsync(c, tx, other, ModelStage.Archived, $"superseded by v{version}", now, cancellationToken);
                }
            }

            await MoveAsync(c, tx, current, to, reason, now, cancellationToken);
            return true;
        }, cancellationToken);
        return (await GetAsync(name, version, cancellationToken))!;
    }

    public async Task<IReadOnlyList<ModelStageTransition>> GetTransitionsAsync(string name, int version, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(async c =>
        {
            await using var command = c.Command(null, "SELECT from_stage, to_stage, reason, at_ticks FROM model_transitions WHERE name = @name AND version = @version ORDER BY seq", ("name", name), ("version", version));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<ModelStageTransition>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(new ModelStageTransition(name, version, Stage(reader.GetString(0)), Stage(reader.GetString(1)), reader.GetString(2), reader.Ticks(3)));
            }

            return (IReadOnlyList<ModelStageTransition>)list;
        }, cancellationToken);
    }

    public async Task SetTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InputException("a tag needs a key");
        }

        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(async (c, tx) =>
        {
            _ = await ReadOneAsync(c, tx, name, version, cancellationToken) ?? throw new InputException($"model {name} v{version} is not registered");
            await c.ExecuteAsync(tx, "INSERT INTO model_tags (name, version, tag_key, tag_value) VALUES (@name, @version, @key, @value) ON CONFLICT (name, version, tag_key) DO UPDATE SET tag_value = excluded.tag_value", cancellationToken, ("name", name), ("version", version), ("key", key), ("value", value));
            return true;
        }, cancellationToken);
    }

    public async Task RemoveTagAsync(string name, int version, string key, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync((c, tx) => c.ExecuteAsync(tx, "DELETE FROM model_tags WHERE name = @name AND version = @version AND tag_key = @key", cancellationToken, ("name", name), ("version", version), ("key", key)), cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersion>> GetAncestorsAsync(string name, int version, CancellationToken cancellationToken)
    {
        var current = await GetAsync(name, version, cancellationToken) ?? throw new InputException($"model {name} v{version} is not registered");
        var result = new List<ModelVersion>();
        var seen = new HashSet<ModelRef> { current.Ref };
        while (current.Parent is { } parent && seen.Add(parent))
        {
            current = await GetAsync(parent.Name, parent.Version, cancellationToken) ?? throw new StoreException($"lineage of {name} v{version} is broken: {parent} is missing");
            result.Add(current);
        }

        return result;
    }

    public async Task<IReadOnlyList<ModelVersion>> GetDescendantsAsync(string name, int version, CancellationToken cancellationToken)
    {
        _ = await GetAsync(name, version, cancellationToken) ?? throw new InputException($"model {name} v{version} is not registered");
        var result = new List<ModelVersion>();
        var seen = new HashSet<ModelRef> { new(name, version) };
        var queue = new Queue<ModelRef>([new ModelRef(name, version)]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            var children = await db.ReadAsync(c => ReadManyAsync(c, null, $"SELECT {Columns} FROM model_versions WHERE parent_name = @name AND parent_version = @version ORDER BY name, version", cancellationToken, ("name", node.Name), ("version", node.Version)), cancellationToken);
            foreach (var child in children.Where(ch => seen.Add(ch.Ref)))
            {
                result.Add(child);
                queue.Enqueue(child.Ref);
            }
        }

        return result;
    }

    private async Task MoveAsync(DbConnection c, DbTransaction tx, ModelVersion model, ModelStage to, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var seq = await c.ScalarAsync<long?>(tx, "SELECT MAX(seq) FROM model_transitions WHERE name = @name AND version = @version", ct, ("name", model.Name), ("version", model.Version)) ?? 0;
        await c.ExecuteAsync(tx, "INSERT INTO model_transitions (name, version, seq, from_stage, to_stage, reason, at_ticks) VALUES (@name, @version, @seq, @from, @to, @reason, @at)", ct, ("name", model.Name), ("version", model.Version), ("seq", (int)seq + 1), ("from", ModelStages.Name(model.Stage)), ("to", ModelStages.Name(to)), ("reason", reason), ("at", now.UtcTicks));
        await c.ExecuteAsync(tx, "UPDATE model_versions SET stage = @stage, updated_ticks = @now WHERE name = @name AND version = @version", ct, ("stage", ModelStages.Name(to)), ("now", now.UtcTicks), ("name", model.Name), ("version", model.Version));
    }

    private static async Task<ModelVersion?> ReadOneAsync(DbConnection c, DbTransaction? tx, string name, int version, CancellationToken ct, string suffix = "")
    {
        var list = await ReadManyAsync(c, tx, $"SELECT {Columns} FROM model_versions WHERE name = @name AND version = @version {suffix}", ct, ("name", name), ("version", version));
        return list.Count > 0 ? list[0] : null;
    }

    private static async Task<IReadOnlyList<ModelVersion>> ReadManyAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var list = new List<ModelVersion>();
        await using (var command = c.Command(tx, sql, parameters))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new ModelVersion
                {
                    Name = reader.GetString(0),
                    Version = reader.GetInt32(1),
                    Kind = reader.GetString(2),
                    Description = reader.GetString(3),
                    ParametersJson = reader.GetString(4),
                    Metrics = CanonicalJson.Deserialize<Dictionary<string, double>>(reader.GetString(5), "model_versions.metrics_json"),
                    DataVersion = reader.NullableString(6),
                    ArtifactPath = reader.NullableString(7),
                    Parent = reader.IsDBNull(8) ? null : new ModelRef(reader.GetString(8), reader.GetInt32(9)),
                    RunId = reader.NullableString(10),
                    Stage = Stage(reader.GetString(11)),
                    CreatedAt = reader.Ticks(12),
                    UpdatedAt = reader.Ticks(13),
                });
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            await using var command = c.Command(tx, "SELECT tag_key, tag_value FROM model_tags WHERE name = @name AND version = @version ORDER BY tag_key", ("name", list[i].Name), ("version", list[i].Version));
            await using var reader = await command.ExecuteReaderAsync(ct);
            var tags = new Dictionary<string, string>();
            while (await reader.ReadAsync(ct))
            {
                tags[reader.GetString(0)] = reader.GetString(1);
            }

            list[i] = list[i] with { Tags = tags };
        }

        return list;
    }

    private static ModelStage Stage(string text) => ModelStages.Parse(text) ?? throw new StoreException($"unknown model stage '{text}' in the database");
}
