using RuleForge.Storage.Database;

namespace RuleForge.Storage.Data;

/// <summary>
/// Tables of the versioned data store: datasets, versions, records (unique per dataset and content hash: SQLite keeps
/// the hashes in <c>data_hashes</c> plus the append-only <c>data_hash_log</c>, PostgreSQL in a unique index), quarantine, watermarks, API usage.
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

            // The slim record layout: a record row keeps only what differs per record (its JSON, its place as a
            // reference id plus a line number, its own time). The dataset, version and ingestion time of a batch's
            // records go once into data_batches (a batch is a contiguous seq range), the hash lives only in
            // data_hashes (a stored record's hash is the SHA-256 of its JSON, recomputed on reading), and the
            // per-record version index goes. Existing rows are copied over in seq order; source references split as
            // the store splits them (trailing digits without a leading zero become the line), runs of consecutive
            // records with one dataset, version and ingestion time become one batch row.
            new(3, $"""
                CREATE TABLE IF NOT EXISTS data_refs (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE);
                CREATE TABLE IF NOT EXISTS data_batches (
                  first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, dataset_id INTEGER NOT NULL, version INTEGER NOT NULL, ingested_ticks INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_data_batches_version ON data_batches (dataset_id, version);
                CREATE TABLE data_records_slim (seq INTEGER PRIMARY KEY, ref_id INTEGER NOT NULL, ref_line INTEGER, record_ticks INTEGER, data_json TEXT NOT NULL);
                INSERT INTO data_refs (prefix) SELECT DISTINCT {RefPrefixSql("source_ref")} FROM data_records;
                INSERT INTO data_records_slim (seq, ref_id, ref_line, record_ticks, data_json)
                  SELECT r.seq, f.id, {RefLineSql("r.source_ref")}, r.record_ticks, r.data_json
                  FROM data_records r JOIN data_refs f ON f.prefix = {RefPrefixSql("r.source_ref")} ORDER BY r.seq;
                INSERT INTO data_batches (first_seq, last_seq, dataset_id, version, ingested_ticks)
                  SELECT MIN(seq), MAX(seq), dataset_id, version, ingested_ticks FROM (
                    SELECT seq, dataset_id, version, ingested_ticks, SUM(brk) OVER (ORDER BY seq) AS run FROM (
                      SELECT seq, dataset_id, version, ingested_ticks,
                        CASE WHEN LAG(dataset_id) OVER w IS dataset_id AND LAG(version) OVER w IS version AND LAG(ingested_ticks) OVER w IS ingested_ticks THEN 0 ELSE 1 END AS brk
                      FROM data_records WINDOW w AS (ORDER BY seq)))
                  GROUP BY run;
                DROP TABLE data_records;
                ALTER TABLE data_records_slim RENAME TO data_records
                """),

            // Two-level dedup: a batch's new hashes are appended to data_hash_log as one row (hashes: its 16-byte
            // hashes end to end; rowids only grow, never reused: AUTOINCREMENT, so a store's "seen up to seq" mark
            // stays valid) and merged into data_hashes in one sorted pass once the log is large. Random keys inserted
            // per batch into data_hashes dirtied nearly every leaf at each commit; an append writes only new pages.
            new(4, """
                CREATE TABLE IF NOT EXISTS data_hash_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, dataset_id INTEGER NOT NULL, hashes BLOB NOT NULL)
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

    /// <summary>The line part of a source reference <paramref name="r"/> in SQL (null when it has none), as <see cref="SourceRefParts"/> splits it.</summary>
    private static string RefLineSql(string r) => $"CASE WHEN {HasLineSql(r)} THEN CAST(substr({r}, length(rtrim({r}, '0123456789')) + 1) AS INTEGER) END";

    /// <summary>The text part of a source reference in SQL (all of it when it has no line), as <see cref="SourceRefParts"/> splits it.</summary>
    private static string RefPrefixSql(string r) => $"CASE WHEN {HasLineSql(r)} THEN rtrim({r}, '0123456789') ELSE {r} END";

    private static string HasLineSql(string r) =>
        $"(length({r}) - length(rtrim({r}, '0123456789')) BETWEEN 1 AND {SourceRefParts.MaxDigits} AND (length({r}) - length(rtrim({r}, '0123456789')) = 1 OR substr({r}, length(rtrim({r}, '0123456789')) + 1, 1) <> '0'))";
}
