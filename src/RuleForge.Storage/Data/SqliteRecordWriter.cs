using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RuleForge.Core.Data;
using RuleForge.Storage.Database;
using SQLitePCL;

namespace RuleForge.Storage.Data;

/// <summary>
/// Writes one batch of records into the SQLite data store's slim layout inside the batch's open transaction: the
/// new hashes into <c>data_hashes</c> (in hash order), the new records into <c>data_records</c> under consecutive
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
    public static int Write(SqliteConnection c, SqliteTransaction tx, long datasetId, int version, IReadOnlyList<DataRecordInput> records, DateTimeOffset now)
    {
        var handle = c.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        raw.sqlite3_wal_autocheckpoint(handle, WalCheckpointPages);
        var fresh = ClaimHashes(c, datasetId, records);
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
            return 0;
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
        return positions.Count;
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

    private static string InsertHashesSql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO data_hashes (dataset_id, hash) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}(?1, ?{row + 2})");
        }

        return sql.Append(" ON CONFLICT (dataset_id, hash) DO NOTHING RETURNING hash").ToString();
    }

    /// <summary>
    /// Enters the batch's hashes into <c>data_hashes</c> in hash order (neighbouring keys share B-tree pages) and says
    /// which records are new: not yet stored, and the first of their content in the batch.
    /// </summary>
    private static bool[] ClaimHashes(SqliteConnection c, long datasetId, IReadOnlyList<DataRecordInput> records)
    {
        var order = HashOrder(records);
        var fresh = new bool[records.Count];

        // The hashes copied in hash order into one array first: read straight from the scattered records, each bind
        // touched a record and its array (cache misses cost more than the bind itself).
        var ends = new int[records.Count];
        var total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            total += records[i].HashBytes.Length;
        }

        var packed = new byte[total];
        for (int j = 0, at = 0; j < order.Length; j++)
        {
            var hash = records[order[j]].HashBytes;
            hash.CopyTo(packed.AsSpan(at));
            ends[j] = at += hash.Length;
        }

        using var many = new SqliteNativeStatement(c, InsertHashesSql(RowsPerStatement));
        using var one = new SqliteNativeStatement(c, InsertHashesSql(1));
        many.Bind(1, datasetId);
        one.Bind(1, datasetId);
        for (var start = 0; start < order.Length;)
        {
            var statement = order.Length - start >= RowsPerStatement ? many : one;
            var rows = statement == many ? RowsPerStatement : 1;
            for (var row = 0; row < rows; row++)
            {
                statement.BindBlob(row + 2, Hash(packed, ends, start + row));
            }

            // RETURNING gives the hashes this execution inserted (in no promised order); a hash repeated in the batch
            // is inserted by its first row, which is the first of its equals in hash order (ties keep batch order).
            while (statement.Step())
            {
                fresh[order[FirstWithHash(packed, ends, start, start + rows, statement.ColumnBlob(0))]] = true;
            }

            statement.Reset();
            start += rows;
        }

        return fresh;
    }

    private static ReadOnlySpan<byte> Hash(byte[] packed, int[] ends, int j)
    {
        var from = j == 0 ? 0 : ends[j - 1];
        return packed.AsSpan(from, ends[j] - from);
    }

    /// <summary>The first position in [<paramref name="from"/>, <paramref name="to"/>) (sorted by hash) holding <paramref name="hash"/>.</summary>
    private static int FirstWithHash(byte[] packed, int[] ends, int from, int to, ReadOnlySpan<byte> hash)
    {
        var (lo, hi) = (from, to);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Hash(packed, ends, mid).SequenceCompareTo(hash) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < to && Hash(packed, ends, lo).SequenceEqual(hash)
            ? lo
            : throw new InvalidOperationException("SQLite returned a hash that was not in the inserted rows");
    }

    /// <summary>
    /// The records' positions ordered by hash bytes (memcmp, as SQLite orders blobs), equal hashes in batch order.
    /// Sorts 64-bit prefixes (a primitive sort, several times faster than comparing arrays), then orders the rare
    /// runs of equal prefixes by the whole hash.
    /// </summary>
    private static int[] HashOrder(IReadOnlyList<DataRecordInput> records)
    {
        var order = new int[records.Count];
        var keys = new ulong[records.Count];
        Span<byte> prefix = stackalloc byte[8];
        for (var i = 0; i < order.Length; i++)
        {
            var hash = records[i].HashBytes;
            prefix.Clear();
            hash[..Math.Min(8, hash.Length)].CopyTo(prefix);
            (order[i], keys[i]) = (i, BinaryPrimitives.ReadUInt64BigEndian(prefix));
        }

        Array.Sort(keys, order);
        var comparer = Comparer<int>.Create((a, b) =>
        {
            var byHash = records[a].HashBytes.SequenceCompareTo(records[b].HashBytes);
            return byHash != 0 ? byHash : a.CompareTo(b);
        });
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, comparer);
            }

            start = end;
        }

        return order;
    }

    private static long ScalarInt64(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
