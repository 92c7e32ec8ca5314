using RuleForge.Core.Data;
using RuleForge.Storage.Data;
using RuleForge.Storage.Database;
using RuleForge.Storage.Tests.Support;
using static RuleForge.Storage.Tests.Support.DataRecords;

namespace RuleForge.Storage.Tests.Data;

/// <summary>
/// The SQLite store's two-level dedup (append-only <c>data_hash_log</c> merged into <c>data_hashes</c>) stays exact
/// across store instances on one file (as separate processes), across merges, and on databases from before the log.
/// </summary>
public sealed class SqliteHashLogTests(SqliteDatabases files) : IClassFixture<SqliteDatabases>
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2_000_000)]
    [InlineData(40)]
    public async Task Two_stores_on_one_file_interleaving_overlapping_batches_store_each_record_once(int mergeAt)
    {
        var path = files.NewFile();
        await using var dbA = new SqliteConnector(path);
        await using var dbB = new SqliteConnector(path);
        var a = new SqlDataStore(dbA, new FakeClock(Now), mergeAt);
        var b = new SqlDataStore(dbB, new FakeClock(Now), mergeAt);

        var stored = new[]
        {
            (await a.AppendAsync(Batch("a1", Range(0, 100)), default)).Stored,
            (await b.AppendAsync(Batch("b1", Range(50, 150)), default)).Stored,
            (await a.AppendAsync(Batch("a2", Range(100, 200)), default)).Stored,
            (await b.AppendAsync(Batch("b2", [.. Range(0, 50), .. Range(150, 250)]), default)).Stored,
            (await a.AppendAsync(Batch("a3", Range(0, 260)), default)).Stored,
        };

        stored.ShouldBe([100, 50, 50, 50, 10]);
        await ShouldHoldEachOnceAsync(a, 260);
        (await b.AppendAsync(Batch("b3", Range(0, 260)), default)).Stored.ShouldBe(0);
        (await new SqlDataStore(dbA, new FakeClock(Now), mergeAt).AppendAsync(Batch("c1", Range(0, 261)), default)).Stored.ShouldBe(1);
    }

    [Theory]
    [InlineData(2_000_000)]
    [InlineData(30)]
    public async Task Concurrent_appends_through_one_store_and_a_second_one_store_each_record_once(int mergeAt)
    {
        var path = files.NewFile();
        await using var dbA = new SqliteConnector(path);
        await using var dbB = new SqliteConnector(path);
        var a = new SqlDataStore(dbA, new FakeClock(Now), mergeAt);
        var b = new SqlDataStore(dbB, new FakeClock(Now), mergeAt);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 3 == 0 ? b : a).AppendAsync(Batch($"r{i}", Range(i * 10, (i * 10) + 40)), default)));

        results.Sum(r => r.Stored).ShouldBe(150);
        await ShouldHoldEachOnceAsync(a, 150);
    }

    [Fact]
    public async Task A_merge_in_the_middle_keeps_dedup_exact_and_empties_the_log()
    {
        await using var db = new SqliteConnector(files.NewFile());
        var store = new SqlDataStore(db, new FakeClock(Now), hashLogMergeAt: 25);

        (await store.AppendAsync(Batch("r1", Range(0, 20)), default)).Stored.ShouldBe(20);
        (await Count(db, "data_hash_log")).ShouldBe(20);
        (await store.AppendAsync(Batch("r2", Range(10, 30)), default)).Stored.ShouldBe(10);
        (await Count(db, "data_hash_log")).ShouldBe(0);
        (await Count(db, "data_hashes")).ShouldBe(30);

        // Both levels at once: 0-29 merged, 30-39 in the log, then repeats of all of them with a few new ones.
        (await store.AppendAsync(Batch("r3", Range(25, 40)), default)).Stored.ShouldBe(10);
        var again = await store.AppendAsync(Batch("r4", [.. Range(0, 45), .. Range(38, 42)]), default);

        again.ShouldBe(new DataBatchResult(5, 44, 0, 4));
        await ShouldHoldEachOnceAsync(store, 45);
        (await Count(db, "data_hashes") + await Count(db, "data_hash_log")).ShouldBe(45);
    }

    [Fact]
    public async Task Repeats_within_one_batch_keep_the_first_at_both_levels()
    {
        await using var db = new SqliteConnector(files.NewFile());
        var store = new SqlDataStore(db, new FakeClock(Now), hashLogMergeAt: 5);
        await store.AppendAsync(Batch("r1", Range(0, 10)), default);
        var repeated = Range(5, 15).Concat(Range(5, 15)).Select((r, i) => r with { SourceRef = $"b.csv:{i}" }).ToArray();

        var result = await store.AppendAsync(Batch("r2", repeated), default);

        result.Stored.ShouldBe(5);
        var added = new List<DataRecord>();
        await foreach (var r in store.QueryAsync(new DataRecordQuery { Dataset = "ds", Version = 2 }, default))
        {
            added.Add(r);
        }

        added.Where(r => r.Version == 2).Select(r => r.SourceRef).ShouldBe(Enumerable.Range(5, 5).Select(i => $"b.csv:{i}"));
    }

    [Fact]
    public async Task A_failed_batch_does_not_leave_its_hashes_claimed()
    {
        await using var db = new SqliteConnector(files.NewFile());
        var store = new SqlDataStore(db, new FakeClock(Now));
        await store.AppendAsync(Batch("r1", Range(0, 5)), default);

        // The short hash fails the batch after the first records' hashes were checked: nothing of it may count as stored.
        var bad = Batch("r2", [.. Range(5, 10), new DataRecordInput("{\"id\":99}", new byte[8], "bad:1")]);
        await Should.ThrowAsync<ArgumentException>(() => store.AppendAsync(bad, default));

        (await store.AppendAsync(Batch("r3", Range(0, 10)), default)).Stored.ShouldBe(5);
        await ShouldHoldEachOnceAsync(store, 10);
    }

    [Fact]
    public async Task A_store_from_before_the_log_upgrades_and_still_deduplicates_its_records()
    {
        var path = files.NewFile();
        await using (var old = new SqliteConnector(path))
        {
            await old.EnsureSchemaAsync(DataSchema.Area, DataSchema.For(DatabaseKind.Sqlite).Take(3).ToList(), default);
            await old.WriteAsync(
                async (c, tx) =>
                {
                    await c.ExecuteAsync(tx, "INSERT INTO data_datasets (name, source_id, created_ticks) VALUES ('ds', 'src', @t)", default, ("t", Now.UtcTicks));
                    await c.ExecuteAsync(tx, "INSERT INTO data_versions (dataset_id, version, run_id, source_id, status, added, created_ticks) VALUES (1, 1, 'run1', 'src', 'complete', 2, @t)", default, ("t", Now.UtcTicks));
                    await c.ExecuteAsync(tx, "INSERT INTO data_refs (id, prefix) VALUES (1, 'old:')", default);
                    await c.ExecuteAsync(tx, "INSERT INTO data_batches (first_seq, last_seq, dataset_id, version, ingested_ticks) VALUES (1, 2, 1, 1, @t)", default, ("t", Now.UtcTicks));
                    foreach (var id in new[] { 1, 2 })
                    {
                        var rec = Rec(id);
                        await c.ExecuteAsync(tx, "INSERT INTO data_records (seq, ref_id, ref_line, data_json) VALUES (@s, 1, @s, @j)", default, ("s", id), ("j", rec.Json));
                        await c.ExecuteAsync(tx, "INSERT INTO data_hashes (dataset_id, hash) VALUES (1, @h)", default, ("h", rec.Hash));
                    }

                    return true;
                },
                default);
        }

        await using var upgraded = new SqliteConnector(path);
        var store = new SqlDataStore(upgraded, new FakeClock(Now));

        var again = await store.AppendAsync(Batch("run2", Rec(1), Rec(2), Rec(3)), default);

        again.ShouldBe(new DataBatchResult(1, 2, 0, 2));
        (await Count(upgraded, "data_hash_log")).ShouldBe(1);
        await ShouldHoldEachOnceAsync(store, 3, from: 1);
    }

    private static async Task ShouldHoldEachOnceAsync(SqlDataStore store, int distinct, int from = 0)
    {
        var hashes = new List<string>();
        await foreach (var r in store.QueryAsync(new DataRecordQuery { Dataset = "ds" }, default))
        {
            hashes.Add(r.Hash);
        }

        hashes.Count.ShouldBe(distinct);
        hashes.Distinct().Count().ShouldBe(distinct);
        hashes.ToHashSet().ShouldBe(Enumerable.Range(from, distinct).Select(i => Convert.ToHexStringLower(Rec(i).Hash)).ToHashSet(), ignoreOrder: true);
    }

    /// <summary>Hashes held by a level (the log packs a batch's 16-byte hashes into one row).</summary>
    private static Task<long> Count(SqliteConnector db, string table) =>
        db.ReadAsync(c => c.ScalarAsync<long>(null, table == "data_hash_log" ? "SELECT COALESCE(SUM(length(hashes)), 0) / 16 FROM data_hash_log" : $"SELECT COUNT(*) FROM {table}", default), default);

    private static DataRecordInput[] Range(int from, int to) => [.. Enumerable.Range(from, to - from).Select(Rec)];
}
