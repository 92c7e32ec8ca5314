using RuleForge.Core.Data;
using RuleForge.Storage.Data;
using RuleForge.Storage.Database;
using RuleForge.Storage.Tests.Support;
using static RuleForge.Storage.Tests.Support.DataRecords;

namespace RuleForge.Storage.Tests.Data;

/// <summary>A SQLite data store written by the first schema (dedup by a unique index on data_records) upgrades without losing or re-admitting records.</summary>
public sealed class DataSchemaMigrationTests(SqliteDatabases files) : IClassFixture<SqliteDatabases>
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_store_of_the_first_schema_keeps_its_records_and_still_deduplicates_them()
    {
        var path = files.NewFile();
        await using (var old = new SqliteConnector(path))
        {
            await WriteFirstSchemaStoreAsync(old);
        }

        await using var upgraded = new SqliteConnector(path);
        var store = new SqlDataStore(upgraded, new FakeClock(Now));

        var again = await store.AppendAsync(Batch("run2", Rec(1), Rec(2), Rec(3)), default);

        again.ShouldBe(new DataBatchResult(1, 2, 0, 2));
        var records = new List<DataRecord>();
        await foreach (var r in store.QueryAsync(new DataRecordQuery { Dataset = "ds" }, default))
        {
            records.Add(r);
        }

        records.Select(r => (r.SourceRef, r.Version)).ShouldBe([("old:1", 1), ("old:2", 1), ("test:3", 2)]);
        records[0].Hash.ShouldBe(Convert.ToHexStringLower(Rec(1).Hash));
        var indexes = await upgraded.ReadAsync(c => c.ScalarAsync<long>(null, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ux_data_records_hash'", default), default);
        indexes.ShouldBe(0);
    }

    [Fact]
    public async Task Other_datasets_with_the_same_content_stay_apart_after_the_upgrade()
    {
        var path = files.NewFile();
        await using (var old = new SqliteConnector(path))
        {
            await WriteFirstSchemaStoreAsync(old);
        }

        await using var upgraded = new SqliteConnector(path);
        var store = new SqlDataStore(upgraded, new FakeClock(Now));

        var other = await store.AppendAsync(Batch("run2", Rec(1)) with { Dataset = "other" }, default);

        other.Stored.ShouldBe(1);
    }

    [Fact]
    public async Task A_store_of_the_second_schema_moves_to_the_slim_layout_with_every_record_field_intact()
    {
        var path = files.NewFile();
        var later = Now.AddHours(1);

        // Interleaved datasets, two versions, two ingestion times, record times and references of every shape.
        (string Dataset, int Version, string Ref, DateTimeOffset At, long? RecordTicks)[] rows =
        [
            ("ds", 1, "in/a.csv:2", Now, null),
            ("ds", 1, "in/a.csv:3", Now, 5),
            ("other", 1, "GET http://h/x#0", Now, null),
            ("ds", 1, "row 007", Now, null),
            ("ds", 2, "in/b.csv:10", later, null),
            ("ds", 2, "plain", later, 7),
            ("other", 1, "x:0", later, null),
        ];
        await using (var old = new SqliteConnector(path))
        {
            await old.EnsureSchemaAsync(DataSchema.Area, DataSchema.For(DatabaseKind.Sqlite).Take(2).ToList(), default);
            await old.WriteAsync(
                async (c, tx) =>
                {
                    await c.ExecuteAsync(tx, "INSERT INTO data_datasets (name, source_id, created_ticks) VALUES ('ds', 'src', @t), ('other', 'src2', @t)", default, ("t", Now.UtcTicks));
                    await c.ExecuteAsync(tx, "INSERT INTO data_versions (dataset_id, version, run_id, source_id, status, added, created_ticks) VALUES (1, 1, 'run1', 'src', 'complete', 3, @t), (1, 2, 'run2', 'src', 'complete', 2, @t), (2, 1, 'run1', 'src2', 'complete', 2, @t)", default, ("t", Now.UtcTicks));
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var rec = Rec(i);
                        var row = rows[i];
                        await c.ExecuteAsync(
                            tx,
                            "INSERT INTO data_records (dataset_id, version, hash, source_ref, ingested_ticks, record_ticks, data_json) VALUES (@d, @v, @h, @ref, @t, @rt, @j)",
                            default,
                            ("d", row.Dataset == "ds" ? 1 : 2),
                            ("v", row.Version),
                            ("h", rec.Hash),
                            ("ref", row.Ref),
                            ("t", row.At.UtcTicks),
                            ("rt", row.RecordTicks),
                            ("j", rec.Json));
                        await c.ExecuteAsync(tx, "INSERT INTO data_hashes (dataset_id, hash) VALUES (@d, @h)", default, ("d", row.Dataset == "ds" ? 1 : 2), ("h", rec.Hash));
                    }

                    return true;
                },
                default);
        }

        await using var upgraded = new SqliteConnector(path);
        var store = new SqlDataStore(upgraded, new FakeClock(later.AddHours(1)));
        var records = new List<DataRecord>();
        await foreach (var r in store.QueryAsync(new DataRecordQuery(), default))
        {
            records.Add(r);
        }

        records.Select(r => (r.Seq, r.Dataset, r.Version, r.SourceRef, r.IngestedAt, r.RecordTime?.UtcTicks, r.Json, r.Hash)).ShouldBe(
            rows.Select((row, i) => ((long)i + 1, row.Dataset, row.Version, row.Ref, row.At, row.RecordTicks, Rec(i).Json, Convert.ToHexStringLower(Rec(i).Hash))));
        (await store.CountAsync(new DataRecordQuery { Dataset = "ds", Version = 1 }, default)).ShouldBe(3);
        (await store.CountAsync(new DataRecordQuery { Dataset = "other", From = later }, default)).ShouldBe(1);
        var again = await store.AppendAsync(Batch("run3", Rec(0), Rec(4), Rec(9)), default);
        again.ShouldBe(new DataBatchResult(1, 2, 0, 3));
        var columns = await upgraded.ReadAsync(c => c.ScalarAsync<long>(null, "SELECT COUNT(*) FROM pragma_table_info('data_records') WHERE name IN ('hash', 'source_ref', 'version')", default), default);
        columns.ShouldBe(0);
    }

    /// <summary>Applies only migration 1 and stores two records the way that schema's store did.</summary>
    private static async Task WriteFirstSchemaStoreAsync(SqliteConnector db)
    {
        await db.EnsureSchemaAsync(DataSchema.Area, DataSchema.For(DatabaseKind.Sqlite).Take(1).ToList(), default);
        await db.WriteAsync(
            async (c, tx) =>
            {
                await c.ExecuteAsync(tx, "INSERT INTO data_datasets (name, source_id, created_ticks) VALUES ('ds', 'src', @t)", default, ("t", Now.UtcTicks));
                await c.ExecuteAsync(tx, "INSERT INTO data_versions (dataset_id, version, run_id, source_id, status, added, created_ticks) VALUES (1, 1, 'run1', 'src', 'complete', 2, @t)", default, ("t", Now.UtcTicks));
                foreach (var id in new[] { 1, 2 })
                {
                    var rec = Rec(id);
                    await c.ExecuteAsync(
                        tx,
                        "INSERT INTO data_records (dataset_id, version, hash, source_ref, ingested_ticks, data_json) VALUES (1, 1, @h, @ref, @t, @j)",
                        default,
                        ("h", rec.Hash),
                        ("ref", $"old:{id}"),
                        ("t", Now.UtcTicks),
                        ("j", rec.Json));
                }

                return true;
            },
            default);
    }
}
