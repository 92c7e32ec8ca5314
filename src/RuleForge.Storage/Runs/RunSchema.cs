using RuleForge.Storage.Database;

namespace RuleForge.Storage.Runs;

/// <summary>Tables of the run store: runs, their iterations (canonical JSON of each Iteration) and events.</summary>
public static class RunSchema
{
    public const string Area = "runs";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => kind == DatabaseKind.Sqlite ? Sqlite : Postgres;

    private static readonly Migration[] Sqlite =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS runs (
              id TEXT NOT NULL PRIMARY KEY, domain TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
              stop_reason TEXT NULL, parameters_json TEXT NOT NULL, summary_json TEXT NULL, error TEXT NULL,
              created_ticks INTEGER NOT NULL, updated_ticks INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_runs_created ON runs (created_ticks DESC);
            CREATE INDEX IF NOT EXISTS ix_runs_domain_created ON runs (domain, created_ticks DESC);
            CREATE TABLE IF NOT EXISTS run_iterations (
              run_id TEXT NOT NULL REFERENCES runs (id), number INTEGER NOT NULL, score REAL NOT NULL,
              finished_ticks INTEGER NOT NULL, iteration_json TEXT NOT NULL, PRIMARY KEY (run_id, number));
            CREATE TABLE IF NOT EXISTS run_events (
              run_id TEXT NOT NULL REFERENCES runs (id), seq INTEGER NOT NULL, at_ticks INTEGER NOT NULL,
              kind TEXT NOT NULL, message TEXT NOT NULL, data_json TEXT NULL, PRIMARY KEY (run_id, seq))
            """),
    ];

    private static readonly Migration[] Postgres =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS runs (
              id text NOT NULL PRIMARY KEY, domain text NOT NULL, target text NOT NULL, status text NOT NULL,
              stop_reason text NULL, parameters_json text NOT NULL, summary_json text NULL, error text NULL,
              created_ticks bigint NOT NULL, updated_ticks bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_runs_created ON runs (created_ticks DESC);
            CREATE INDEX IF NOT EXISTS ix_runs_domain_created ON runs (domain, created_ticks DESC);
            CREATE TABLE IF NOT EXISTS run_iterations (
              run_id text NOT NULL REFERENCES runs (id), number integer NOT NULL, score double precision NOT NULL,
              finished_ticks bigint NOT NULL, iteration_json text NOT NULL, PRIMARY KEY (run_id, number));
            CREATE TABLE IF NOT EXISTS run_events (
              run_id text NOT NULL REFERENCES runs (id), seq integer NOT NULL, at_ticks bigint NOT NULL,
              kind text NOT NULL, message text NOT NULL, data_json text NULL, PRIMARY KEY (run_id, seq))
            """),
    ];
}
