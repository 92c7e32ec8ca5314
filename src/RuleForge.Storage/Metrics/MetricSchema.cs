using RuleForge.Storage.Database;

namespace RuleForge.Storage.Metrics;

/// <summary>Table of the metrics store: one row per recorded value, indexed by subject, metric and time.</summary>
public static class MetricSchema
{
    public const string Area = "metrics";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ?
        [
            new(1, """
                CREATE TABLE IF NOT EXISTS metric_points (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, name TEXT NOT NULL,
                  value REAL NOT NULL, at_ticks INTEGER NOT NULL, context_json TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_metric_points_subject ON metric_points (subject_kind, subject_id, name, at_ticks);
                CREATE INDEX IF NOT EXISTS ix_metric_points_name_at ON metric_points (name, at_ticks)
                """),
        ]
        :
        [
            new(1, """
                CREATE TABLE IF NOT EXISTS metric_points (
                  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, subject_kind text NOT NULL, subject_id text NOT NULL, name text NOT NULL,
                  value double precision NOT NULL, at_ticks bigint NOT NULL, context_json text NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_metric_points_subject ON metric_points (subject_kind, subject_id, name, at_ticks);
                CREATE INDEX IF NOT EXISTS ix_metric_points_name_at ON metric_points (name, at_ticks)
                """),
        ];
}
