using RuleForge.Storage.Database;

namespace RuleForge.Storage.Data;

/// <summary>
/// Tables of the versioned data store: datasets, versions, records (unique per dataset and content hash: SQLite keeps
/// the hashes in <c>data_hashes</c>, PostgreSQL in a unique index), quarantine, watermarks, API usage.
/// </summary>
public static class DataSchema
{
    public const string Area = "data";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ?
        [
            new(1, """
                CREATE TABLE IF NOT EXISTS data_datasets (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, source_id TEXT NOT NULL, created_ticks INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_data_datasets_source ON data_datasets (source_id);
                CREATE TABLE IF NOT EXISTS data_versions (
                  dataset_id INTEGER NOT NULL REFERENCES data_datasets (id), version INTEGER NOT NULL, run_id TEXT NOT NULL, source_id TEXT NOT NULL,
                  source_version TEXT, parent_version INTEGER, status TEXT NOT NULL, added INTEGER NOT NULL,
                  created_ticks INTEGER NOT NULL, sealed_ticks INTEGER, PRIMARY KEY (dataset_id, version));
                CREATE UNIQUE INDEX IF NOT EXISTS ux_data_versions_run ON data_versions (dataset_id, run_id);
                CREATE TABLE IF NOT EXISTS data_records (
                  seq INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL, version INTEGER NOT NULL, hash BLOB NOT NULL,
                  source_ref TEXT NOT NULL, ingested_ticks INTEGER NOT NULL, record_ticks INTEGER, data_json TEXT NOT NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS ux_data_records_hash ON data_records (dataset_id, hash);
                CREATE INDEX IF NOT EXISTS ix_data_records_version ON data_records (dataset_id, version);
                CREATE TABLE IF NOT EXISTS data_quarantine (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, dataset_id INTEGER NOT NULL, run_id TEXT NOT NULL, source_ref TEXT NOT NULL,
                  reason TEXT NOT NULL, raw TEXT, at_ticks INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_data_quarantine_dataset ON data_quarantine (dataset_id, seq);
                CREATE TABLE IF NOT EXISTS data_watermarks (source_id TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, updated_ticks INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS data_usage (
                  source_id TEXT NOT NULL, day TEXT NOT NULL, calls INTEGER NOT NULL, bytes INTEGER NOT NULL, cost REAL NOT NULL, PRIMARY KEY (source_id, day))
                """),

            // The dedup key moves out of data_records into its own table keyed by (dataset, hash), written in hash order
            // per batch: about half the B-tree work of a unique index fed in file order. Existing hashes are copied over
            // (no record is lost or re-admitted) before the old unique index goes, all in the migration's transaction.
            new(2, """
                CREATE TABLE IF NOT EXISTS data_hashes (dataset_id INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (dataset_id, hash)) WITHOUT ROWID;
                INSERT INTO data_hashes (dataset_id, hash) SELECT dataset_id, hash FROM data_records ORDER BY dataset_id, hash;
                DROP INDEX IF EXISTS ux_data_records_hash
                """),
        ]
        :
        [
            new(1, """
                CREATE TABLE IF NOT EXISTS data_datasets (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE, source_id text NOT NULL, created_ticks bigint NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_data_datasets_source ON data_datasets (source_id);
                CREATE TABLE IF NOT EXISTS data_versions (
                  dataset_id bigint NOT NULL REFERENCES data_datasets (id), version integer NOT NULL, run_id text NOT NULL, source_id text NOT NULL,
                  source_version text, parent_version integer, status text NOT NULL, added bigint NOT NULL,
                  created_ticks bigint NOT NULL, sealed_ticks bigint, PRIMARY KEY (dataset_id, version));
                CREATE UNIQUE INDEX IF NOT EXISTS ux_data_versions_run ON data_versions (dataset_id, run_id);
                CREATE TABLE IF NOT EXISTS data_records (
                  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, dataset_id bigint NOT NULL, version integer NOT NULL, hash bytea NOT NULL,
                  source_ref text NOT NULL, ingested_ticks bigint NOT NULL, record_ticks bigint, data_json text NOT NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS ux_data_records_hash ON data_records (dataset_id, hash);
                CREATE INDEX IF NOT EXISTS ix_data_records_version ON data_records (dataset_id, version);
                CREATE TABLE IF NOT EXISTS data_quarantine (
                  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, dataset_id bigint NOT NULL, run_id text NOT NULL, source_ref text NOT NULL,
                  reason text NOT NULL, raw text, at_ticks bigint NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_data_quarantine_dataset ON data_quarantine (dataset_id, seq);
                CREATE TABLE IF NOT EXISTS data_watermarks (source_id text NOT NULL PRIMARY KEY, value text NOT NULL, updated_ticks bigint NOT NULL);
                CREATE TABLE IF NOT EXISTS data_usage (
                  source_id text NOT NULL, day text NOT NULL, calls bigint NOT NULL, bytes bigint NOT NULL, cost double precision NOT NULL, PRIMARY KEY (source_id, day))
                """),
        ];
}
