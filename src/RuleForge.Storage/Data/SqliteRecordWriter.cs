using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RuleForge.Core.Data;
using RuleForge.Storage.Database;
using SQLitePCL;

namespace RuleForge.Storage.Data;

/// <summary>
/// Writes one batch of records into the SQLite data store's slim layout inside the batch's open transaction: the
/// new hashes into the dedup levels (<see cref="SqliteHashLog"/>), the new records into <c>data_records</c> under consecutive
/// seq numbers, and one <c>data_batches</c> row for their dataset, version and ingestion time.
/// </summary>
/// <remarks>
/// Statements are prepared once per batch on the connection's native handle and insert <see cref="RowsPerStatement"/>
/// rows per execution: the per-execution work (the driver's command objects, then SQLite's own cursor setup and the
/// native calls per step) cost more than the row itself.
/// </remarks>
internal static class SqliteRecordWriter
{
    /// <summary>Rows per multi-row INSERT (5 parameters each for records; well below SQLite's 32,766).</summary>
    public const int RowsPerStatement = 64;

    // A bulk batch writes thousands of pages: checkpoint the WAL every ~64 MB rather than every 4 MB (fewer fsyncs
    // and copies). Only the checkpoint interval changes; every commit still goes through the WAL.
    private const int WalCheckpointPages = 16_384;
    private const int RecordParameters = 5;

    /// <summary>Stores the batch's new records; returns how many (the rest were already held, or repeated in the batch).</summary>
    /// <remarks>The returned update goes to <see cref="SqliteHashLog.Commit"/> once the transaction committed.</remarks>
    public static (int Stored, SqliteHashLog.Update Pending) Write(
        SqliteConnection c, SqliteTransaction tx, SqliteHashLog hashes, long datasetId, int version, IReadOnlyList<DataRecordInput> records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var handle = c.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        raw.sqlite3_wal_autocheckpoint(handle, WalCheckpointPages);
        var (fresh, pending) = hashes.Claim(c, datasetId, records);
        var positions = new List<int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            if (fresh[i])
            {
                positions.Add(i);
            }
        }

        if (positions.Count == 0)
        {
            return (0, pending);
        }

        // The batch takes the next seq numbers in a row (the write transaction holds the only writer), so one
        // data_batches row gives its records' dataset, version and ingestion time.
        var first = ScalarInt64(c, tx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM data_records");
        var refs = new SourceRefIds(c, tx);
        using (var many = new SqliteNativeStatement(c, InsertRecordsSql(RowsPerStatement)))
        using (var one = new SqliteNativeStatement(c, InsertRecordsSql(1)))
        {
            for (var at = 0; at < positions.Count;)
            {
                var statement = positions.Count - at >= RowsPerStatement ? many : one;
                var rows = statement == many ? RowsPerStatement : 1;
                for (var row = 0; row < rows; row++, at++)
                {
                    var record = records[positions[at]];
                    var p = (row * RecordParameters) + 1;
                    statement.Bind(p, first + at);
                    statement.Bind(p + 1, refs.IdOf(record.SourceRef, out var line));
                    if (line is { } l)
                    {
                        statement.Bind(p + 2, l);
                    }
                    else
                    {
                        statement.BindNull(p + 2);
                    }

                    if (record.RecordTime is { } t)
                    {
                        statement.Bind(p + 3, t.UtcTicks);
                    }
                    else
                    {
                        statement.BindNull(p + 3);
                    }

                    statement.BindText(p + 4, record.Utf8Json.Span);
                }

                statement.Execute();
            }
        }

        using var range = new SqliteNativeStatement(c, "INSERT INTO data_batches (first_seq, last_seq, dataset_id, version, ingested_ticks) VALUES (?1, ?2, ?3, ?4, ?5)");
        range.Bind(1, first);
        range.Bind(2, first + positions.Count - 1);
        range.Bind(3, datasetId);
        range.Bind(4, version);
        range.Bind(5, now.UtcTicks);
        range.Execute();
        return (positions.Count, pending);
    }

    private static string InsertRecordsSql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO data_records (seq, ref_id, ref_line, record_ticks, data_json) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            var p = row * RecordParameters;
            sql.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}(?{p + 1}, ?{p + 2}, ?{p + 3}, ?{p + 4}, ?{p + 5})");
        }

        return sql.ToString();
    }

    private static long ScalarInt64(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
