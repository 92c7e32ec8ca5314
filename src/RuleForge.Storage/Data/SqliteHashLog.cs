using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RuleForge.Core.Data;
using RuleForge.Storage.Database;
using SQLitePCL;

namespace RuleForge.Storage.Data;

/// <summary>
/// The SQLite data store's two-level dedup (LSM-style): hashes stored recently sit in the append-only
/// <c>data_hash_log</c>, mirrored in memory per dataset; older ones sit in <c>data_hashes</c>, which is only read by
/// point lookups until the log outgrows <see cref="MergeAt"/> and is merged into it in one sorted pass. A batch's
/// random keys so touch the log's last pages instead of nearly every leaf of <c>data_hashes</c>.
/// </summary>
/// <remarks>
/// Every method that reads or writes the database runs inside the batch's write transaction (SQLite's single
/// writer), so the log cannot change under it. The memory mirror takes the rows other stores appended (seq above the
/// last one seen: seq only grows) at each batch, and a batch's own hashes only once its transaction committed
/// (<see cref="Commit"/>); after a failure it is dropped and reloaded (<see cref="Reset"/>). Entries left in memory
/// after another store merged the log stay correct: those hashes are then in <c>data_hashes</c>. Memory is about
/// 40 bytes per logged hash, so bounded by <see cref="MergeAt"/>.
/// </remarks>
internal sealed class SqliteHashLog(int mergeAt)
{
    /// <summary>Log entries above which a batch merges the log into <c>data_hashes</c> (~80 MB of memory mirror).</summary>
    public const int DefaultMergeAt = 2_000_000;

    /// <summary>The store's hash length: 16 bytes of SHA-256 (the SQLite store recomputes it from the JSON on reading).</summary>
    public const int HashLength = 16;

    private const int RowsPerStatement = SqliteRecordWriter.RowsPerStatement;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, HashSet<UInt128>> _known = [];
    private long _lastSeen;
    private long _count;
    private long _generation;

    public int MergeAt { get; } = mergeAt > 0 ? mergeAt : throw new ArgumentOutOfRangeException(nameof(mergeAt), "the hash log's merge threshold must be positive");

    /// <summary>
    /// Says which of the batch's records are new (not stored at either level, and the first of their content in the
    /// batch), appends their hashes to the log and merges the log when it is full. The returned update is applied
    /// with <see cref="Commit"/> once the transaction committed.
    /// </summary>
    public (bool[] Fresh, Update Pending) Claim(SqliteConnection c, long datasetId, IReadOnlyList<DataRecordInput> records)
    {
        lock (_gate)
        {
            CatchUp(c);
            var known = _known.GetValueOrDefault(datasetId);
            var fresh = new bool[records.Count];
            var inBatch = new HashSet<UInt128>(records.Count);
            var keys = new UInt128[records.Count];
            var positions = new int[records.Count];
            var count = 0;
            for (var i = 0; i < records.Count; i++)
            {
                var key = Key(records[i].HashBytes, records[i].SourceRef);
                if (inBatch.Add(key) && known?.Contains(key) != true)
                {
                    (keys[count], positions[count]) = (key, i);
                    count++;
                }
            }

            // Point lookups in hash order (neighbouring keys share pages, which stay cached across batches); none
            // while data_hashes holds nothing of the dataset (its first MergeAt records).
            HashSet<UInt128> merged = [];
            if (count > 0 && HasMerged(c, datasetId))
            {
                Array.Sort(keys, positions, 0, count);
                merged = Lookup(c, datasetId, keys.AsSpan(0, count));
            }

            var added = new List<UInt128>(count);
            for (var j = 0; j < count; j++)
            {
                if (!merged.Contains(keys[j]))
                {
                    fresh[positions[j]] = true;
                    added.Add(keys[j]);
                }
            }

            Append(c, datasetId, added);
            var last = TopSeq(c);
            var merge = _count + added.Count > MergeAt;
            if (merge)
            {
                Merge(c);
            }

            return (fresh, new Update(datasetId, added, last, merge, _generation));
        }
    }

    /// <summary>Takes a committed batch's hashes into memory (or, after a merge, empties it: the log is empty up to the batch's last seq).</summary>
    public void Commit(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            // The mirror was dropped after this batch claimed (another batch failed): the reload takes its rows.
            if (update.Generation != _generation)
            {
                return;
            }

            if (update.Merged)
            {
                // Another batch of this store committed after this one may have appended: seq set back to this
                // batch's last, the next catch-up reloads whatever the log holds above it.
                _known.Clear();
                (_count, _lastSeen) = (0, update.LastSeq);
                return;
            }

            var set = Set(update.DatasetId);
            foreach (var key in update.Added)
            {
                _count += set.Add(key) ? 1 : 0;
            }

            _lastSeen = Math.Max(_lastSeen, update.LastSeq);
        }
    }

    /// <summary>Drops the memory mirror after a failed batch: the next batch reloads the log.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _known.Clear();
            (_count, _lastSeen) = (0, 0);
            _generation++;
        }
    }

    private static UInt128 Key(ReadOnlySpan<byte> hash, string sourceRef) => hash.Length == HashLength
        ? BinaryPrimitives.ReadUInt128BigEndian(hash)
        : throw new ArgumentException($"record from {sourceRef} has a {hash.Length}-byte hash; the SQLite store keeps {HashLength}-byte content hashes");

    /// <summary>Reads the log rows appended since the last batch (by other stores, or before this one started).</summary>
    private void CatchUp(SqliteConnection c)
    {
        // A database made anew (seq back below the mark) starts the mirror over.
        if (TopSeq(c) < _lastSeen)
        {
            _known.Clear();
            (_count, _lastSeen) = (0, 0);
            _generation++;
        }

        using var read = new SqliteNativeStatement(c, "SELECT seq, dataset_id, hashes FROM data_hash_log WHERE seq > ?1 ORDER BY seq");
        read.Bind(1, _lastSeen);
        HashSet<UInt128>? set = null;
        var setId = long.MinValue;
        while (read.Step())
        {
            var datasetId = read.ColumnInt64(1);
            if (set is null || datasetId != setId)
            {
                (set, setId) = (Set(datasetId), datasetId);
            }

            var packed = read.ColumnBlob(2);
            for (var at = 0; at + HashLength <= packed.Length; at += HashLength)
            {
                _count += set.Add(BinaryPrimitives.ReadUInt128BigEndian(packed[at..])) ? 1 : 0;
            }

            _lastSeen = read.ColumnInt64(0);
        }
    }

    /// <summary>The candidates' keys already in <c>data_hashes</c>.</summary>
    private static HashSet<UInt128> Lookup(SqliteConnection c, long datasetId, ReadOnlySpan<UInt128> candidates)
    {
        var found = new HashSet<UInt128>();
        if (candidates.Length == 0)
        {
            return found;
        }

        var sql = new StringBuilder("SELECT hash FROM data_hashes WHERE dataset_id = ?1 AND hash IN (");
        for (var row = 0; row < RowsPerStatement; row++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}?{row + 2}");
        }

        using var lookup = new SqliteNativeStatement(c, sql.Append(')').ToString());
        lookup.Bind(1, datasetId);
        Span<byte> bytes = stackalloc byte[HashLength];
        for (var start = 0; start < candidates.Length; start += RowsPerStatement)
        {
            // A short last chunk repeats its last key in the unused slots (IN ignores repeats).
            for (var row = 0; row < RowsPerStatement; row++)
            {
                BinaryPrimitives.WriteUInt128BigEndian(bytes, candidates[Math.Min(start + row, candidates.Length - 1)]);
                lookup.BindBlob(row + 2, bytes);
            }

            while (lookup.Step())
            {
                var hash = lookup.ColumnBlob(0);
                if (hash.Length == HashLength)
                {
                    found.Add(BinaryPrimitives.ReadUInt128BigEndian(hash));
                }
            }

            lookup.Reset();
        }

        return found;
    }

    /// <summary>Appends the batch's new hashes as one log row (a row per hash cost a third of the batch's SQLite time).</summary>
    private static void Append(SqliteConnection c, long datasetId, List<UInt128> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var packed = new byte[keys.Count * HashLength];
        for (var i = 0; i < keys.Count; i++)
        {
            BinaryPrimitives.WriteUInt128BigEndian(packed.AsSpan(i * HashLength), keys[i]);
        }

        using var append = new SqliteNativeStatement(c, "INSERT INTO data_hash_log (dataset_id, hashes) VALUES (?1, ?2)");
        append.Bind(1, datasetId);
        append.BindBlob(2, packed);
        append.Execute();
    }

    /// <summary>
    /// Moves the whole log into <c>data_hashes</c> in (dataset, hash) order, so each of its leaves is written once,
    /// and empties the log. Nothing conflicts (a logged hash was looked up in data_hashes first); OR IGNORE only
    /// keeps the merge safe should one ever do.
    /// </summary>
    private static void Merge(SqliteConnection c)
    {
        var entries = new List<(long DatasetId, UInt128 Key)>();
        using (var read = new SqliteNativeStatement(c, "SELECT dataset_id, hashes FROM data_hash_log"))
        {
            while (read.Step())
            {
                var datasetId = read.ColumnInt64(0);
                var packed = read.ColumnBlob(1);
                for (var at = 0; at + HashLength <= packed.Length; at += HashLength)
                {
                    entries.Add((datasetId, BinaryPrimitives.ReadUInt128BigEndian(packed[at..])));
                }
            }
        }

        entries.Sort();
        using (var many = new SqliteNativeStatement(c, MergeSql(RowsPerStatement)))
        using (var one = new SqliteNativeStatement(c, MergeSql(1)))
        {
            Span<byte> bytes = stackalloc byte[HashLength];
            for (var at = 0; at < entries.Count;)
            {
                var statement = entries.Count - at >= RowsPerStatement ? many : one;
                var rows = statement == many ? RowsPerStatement : 1;
                for (var row = 0; row < rows; row++, at++)
                {
                    BinaryPrimitives.WriteUInt128BigEndian(bytes, entries[at].Key);
                    statement.Bind((2 * row) + 1, entries[at].DatasetId);
                    statement.BindBlob((2 * row) + 2, bytes);
                }

                statement.Execute();
            }
        }

        using var clear = new SqliteNativeStatement(c, "DELETE FROM data_hash_log");
        clear.Execute();
    }

    private static string MergeSql(int rows)
    {
        var sql = new StringBuilder("INSERT OR IGNORE INTO data_hashes (dataset_id, hash) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}(?{(2 * row) + 1}, ?{(2 * row) + 2})");
        }

        return sql.ToString();
    }

    private HashSet<UInt128> Set(long datasetId)
    {
        if (!_known.TryGetValue(datasetId, out var set))
        {
            _known[datasetId] = set = [];
        }

        return set;
    }

    private static bool HasMerged(SqliteConnection c, long datasetId)
    {
        using var statement = new SqliteNativeStatement(c, "SELECT 1 FROM data_hashes WHERE dataset_id = ?1 LIMIT 1");
        statement.Bind(1, datasetId);
        return statement.Step();
    }

    /// <summary>The highest seq the log ever gave (AUTOINCREMENT keeps it in sqlite_sequence, also after the log is emptied).</summary>
    private static long TopSeq(SqliteConnection c)
    {
        using var statement = new SqliteNativeStatement(c, "SELECT seq FROM sqlite_sequence WHERE name = 'data_hash_log'");
        return statement.Step() ? statement.ColumnInt64(0) : 0;
    }

    /// <summary>A batch's effect on the memory mirror, applied once its transaction committed.</summary>
    public sealed record Update(long DatasetId, IReadOnlyList<UInt128> Added, long LastSeq, bool Merged, long Generation);
}
