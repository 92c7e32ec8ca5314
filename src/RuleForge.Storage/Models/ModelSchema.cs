using RuleForge.Storage.Database;

namespace RuleForge.Storage.Models;

/// <summary>Tables of the model registry: versions, their tags and their stage transitions.</summary>
public static class ModelSchema
{
    public const string Area = "models";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => [new(1, kind == DatabaseKind.Sqlite ? Sqlite : Postgres)];

    private const string Sqlite = """
        CREATE TABLE IF NOT EXISTS model_versions (
          name TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,
          parameters_json TEXT NOT NULL, metrics_json TEXT NOT NULL, data_version TEXT NULL, artifact_path TEXT NULL,
          parent_name TEXT NULL, parent_version INTEGER NULL, run_id TEXT NULL, stage TEXT NOT NULL,
          created_ticks INTEGER NOT NULL, updated_ticks INTEGER NOT NULL, PRIMARY KEY (name, version));
        CREATE INDEX IF NOT EXISTS ix_model_versions_parent ON model_versions (parent_name, parent_version);
        CREATE TABLE IF NOT EXISTS model_tags (
          name TEXT NOT NULL, version INTEGER NOT NULL, tag_key TEXT NOT NULL, tag_value TEXT NOT NULL,
          PRIMARY KEY (name, version, tag_key));
        CREATE TABLE IF NOT EXISTS model_transitions (
          name TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL, from_stage TEXT NOT NULL, to_stage TEXT NOT NULL,
          reason TEXT NOT NULL, at_ticks INTEGER NOT NULL, PRIMARY KEY (name, version, seq))
        """;

    private const string Postgres = """
        CREATE TABLE IF NOT EXISTS model_versions (
          name text NOT NULL, version integer NOT NULL, kind text NOT NULL, description text NOT NULL,
          parameters_json text NOT NULL, metrics_json text NOT NULL, data_version text NULL, artifact_path text NULL,
          parent_name text NULL, parent_version integer NULL, run_id text NULL, stage text NOT NULL,
          created_ticks bigint NOT NULL, updated_ticks bigint NOT NULL, PRIMARY KEY (name, version));
        CREATE INDEX IF NOT EXISTS ix_model_versions_parent ON model_versions (parent_name, parent_version);
        CREATE TABLE IF NOT EXISTS model_tags (
          name text NOT NULL, version integer NOT NULL, tag_key text NOT NULL, tag_value text NOT NULL,
          PRIMARY KEY (name, version, tag_key));
        CREATE TABLE IF NOT EXISTS model_transitions (
          name text NOT NULL, version integer NOT NULL, seq integer NOT NULL, from_stage text NOT NULL, to_stage text NOT NULL,
          reason text NOT NULL, at_ticks bigint NOT NULL, PRIMARY KEY (name, version, seq))
        """;
}
