using RuleForge.Core.Data;
using RuleForge.Storage.Data;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;
using static RuleForge.Storage.Tests.Support.DataRecords;

namespace RuleForge.Storage.Tests.Data;

/// <summary>The versioned data store contract, run against SQLite and PostgreSQL.</summary>
public abstract class DataStoreTests : StoreTestBase
{
    private SqlDataStore Store => new(Db.Connector, Clock);

    [DatabaseFact]
    public async Task Appending_the_same_records_again_stores_nothing_new()
    {
        var first = await Store.AppendAsync(Batch("run1", Rec(1), Rec(2), Rec(2)), default);
        var second = await Store.AppendAsync(Batch("run2", Rec(1), Rec(2)), default);

        first.ShouldBe(new DataBatchResult(2, 1, 0, 1));
        second.ShouldBe(new DataBatchResult(0, 2, 0, null));
        (await Store.CountAsync(new DataRecordQuery { Dataset = "ds" }, default)).ShouldBe(2);
        (await Store.GetVersionsAsync("ds", default)).Count.ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Large_batches_with_repeats_inside_store_each_record_once()
    {
        var records = Enumerable.Range(0, 150).Select(i => Rec(i % 100)).ToArray();

        var result = await Store.AppendAsync(Batch("run1", records), default);

        result.ShouldBe(new DataBatchResult(100, 50, 0, 1));
        (await ToListAsync(new DataRecordQuery { Dataset = "ds" })).Select(r => r.SourceRef).ShouldBe(Enumerable.Range(0, 100).Select(i => $"test:{i}"));
    }

    [DatabaseFact]
    public async Task A_large_batch_mixing_stored_repeated_and_new_records_stores_only_the_first_of_each_new_one()
    {
        await Store.AppendAsync(Batch("run1", [.. Enumerable.Range(0, 130).Select(i => Rec(i))]), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var mixed = Enumerable.Range(0, 300).Select(i => Rec(i % 250) with { SourceRef = $"b.csv:{i + 2}" }).ToArray();

        var result = await Store.AppendAsync(Batch("run2", mixed), default);

        result.ShouldBe(new DataBatchResult(120, 180, 0, 2));
        var added = await ToListAsync(new DataRecordQuery { Dataset = "ds", From = Clock.GetUtcNow() });
        added.Select(r => r.SourceRef).ShouldBe(Enumerable.Range(130, 120).Select(i => $"b.csv:{i + 2}"));
        (await Store.CountAsync(new DataRecordQuery { Dataset = "ds" }, default)).ShouldBe(250);
    }

    [DatabaseFact]
    public async Task Each_run_that_adds_records_makes_an_immutable_version_with_lineage()
    {
        await Store.AppendAsync(Batch("run1", Rec(1), Rec(2)) with { SourceVersion = "a.csv" }, default);
        await Store.AppendAsync(Batch("run1", Rec(3)), default);
        await Store.SealAsync("ds", "run1", DataVersionStatus.Complete, default);
        Clock.Advance(TimeSpan.FromHours(1));
        await Store.AppendAsync(Batch("run2", Rec(3), Rec(4)) with { SourceVersion = "b.csv" }, default);
        var sealedVersion = await Store.SealAsync("ds", "run2", DataVersionStatus.Complete, default);

        var versions = await Store.GetVersionsAsync("ds", default);
        versions.Select(v => (v.Version, v.ParentVersion, v.Added, v.Total, v.RunId)).ShouldBe([(1, (int?)null, 3L, 3L, "run1"), (2, 1, 1L, 4L, "run2")]);
        versions[0].SourceVersion.ShouldBe("a.csv");
        sealedVersion!.Status.ShouldBe(DataVersionStatus.Complete);
        (await Store.CountAsync(new DataRecordQuery { Dataset = "ds", Version = 1 }, default)).ShouldBe(3);
        (await Store.CountAsync(new DataRecordQuery { Dataset = "ds" }, default)).ShouldBe(4);
    }

    [DatabaseFact]
    public async Task A_version_left_open_by_a_crashed_run_is_sealed_as_interrupted_and_keeps_its_records()
    {
        await Store.AppendAsync(Batch("crashed", Rec(1)), default);
        await Store.AppendAsync(Batch("rerun", Rec(1), Rec(2)), default);

        var versions = await Store.GetVersionsAsync("ds", default);
        versions.Select(v => (v.Version, v.Status, v.Added)).ShouldBe([(1, DataVersionStatus.Interrupted, 1L), (2, DataVersionStatus.Open, 1L)]);
    }

    [DatabaseFact]
    public async Task Quarantine_watermark_and_usage_commit_with_the_batch()
    {
        var batch = Batch("run1", Rec(1)) with
        {
            Quarantined = [new QuarantineInput("in/a.csv:7", "field 'age': 'x' is not a number", "x,y")],
            Watermark = "42",
            Usage = new CallUsage(3, 1000, 0.5m),
        };
        await Store.AppendAsync(batch, default);
        await Store.AppendAsync(Batch("run1") with { Usage = new CallUsage(1, 24, 0m) }, default);

        var q = (await Store.GetQuarantineAsync("ds", 10, default)).ShouldHaveSingleItem();
        q.SourceRef.ShouldBe("in/a.csv:7");
        q.Reason.ShouldContain("age");
        (await Store.GetWatermarkAsync("src", default)).ShouldBe("42");
        (await Store.GetUsageAsync("src", DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), default)).ShouldBe(new CallUsage(4, 1024, 0.5m));
        var summary = (await Store.FindDatasetAsync("src", default))!;
        summary.Name.ShouldBe("ds");
        summary.Quarantined.ShouldBe(1);
        summary.Records.ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Records_are_queried_by_field_time_range_and_source_in_ingestion_order()
    {
        await Store.AppendAsync(Batch("run1", Rec(1, "red"), Rec(2, "blue")), default);
        Clock.Advance(TimeSpan.FromHours(1));
        var later = Clock.GetUtcNow();
        await Store.AppendAsync(Batch("run2", Rec(3, "red")), default);

        var red = await ToListAsync(new DataRecordQuery { Dataset = "ds", Fields = new Dictionary<string, string> { ["colour"] = "red" } });
        red.Select(r => r.Json).ShouldBe([Json(1, "red"), Json(3, "red")]);
        var byNumber = await ToListAsync(new DataRecordQuery { SourceId = "src", Fields = new Dictionary<string, string> { ["id"] = "2" } });
        byNumber.ShouldHaveSingleItem().SourceRef.ShouldBe("test:2");
        (await ToListAsync(new DataRecordQuery { Dataset = "ds", From = later })).Single().Json.ShouldBe(Json(3, "red"));
        (await ToListAsync(new DataRecordQuery { Dataset = "ds", To = later })).Count.ShouldBe(2);
        (await ToListAsync(new DataRecordQuery { SourceId = "other" })).ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task A_failing_batch_leaves_nothing_behind()
    {
        var bad = Batch("run1", Rec(1)) with { Records = [Rec(1), new DataRecordInput("{}", [], "bad:1")] };

        await Should.ThrowAsync<ArgumentException>(() => Store.AppendAsync(bad, default));

        (await Store.ListDatasetsAsync(default)).ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task Source_references_of_any_shape_read_back_exactly_with_the_content_hash()
    {
        string[] refs = ["in/a.csv:12", "in/a.csv:13", "GET http://h/items?page=2#4", "row 007", "plain", "x:0", "42", "big:1234567890123456789", "", "in/b.csv:1"];
        var records = refs.Select((r, i) => Rec(i) with { SourceRef = r }).ToArray();

        await Store.AppendAsync(Batch("run1", records), default);

        var read = await ToListAsync(new DataRecordQuery { Dataset = "ds" });
        read.Select(r => r.SourceRef).ShouldBe(refs);
        read.Select(r => r.Hash).ShouldBe(records.Select(r => Convert.ToHexStringLower(r.Hash)));
        read.Select(r => r.Seq).ShouldBeInOrder();
    }

    [DatabaseFact]
    public async Task Interleaved_batches_of_two_datasets_keep_their_versions_and_times_apart()
    {
        await Store.AppendAsync(Batch("run1", Rec(1), Rec(2)), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.AppendAsync(Batch("run1", Rec(1), Rec(5)) with { Dataset = "other" }, default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var third = Clock.GetUtcNow();
        await Store.AppendAsync(Batch("run2", Rec(3)), default);
        await Store.AppendAsync(Batch("run2", Rec(3), Rec(4)), default);

        var all = await ToListAsync(new DataRecordQuery { Dataset = "ds" });
        all.Select(r => (r.Json, r.Version, r.Dataset)).ShouldBe([(Json(1, "red"), 1, "ds"), (Json(2, "red"), 1, "ds"), (Json(3, "red"), 2, "ds"), (Json(4, "red"), 2, "ds")]);
        (await ToListAsync(new DataRecordQuery { Dataset = "ds", Version = 1 })).Count.ShouldBe(2);
        (await ToListAsync(new DataRecordQuery { Dataset = "other" })).Select(r => r.Json).ShouldBe([Json(1, "red"), Json(5, "red")]);
        (await ToListAsync(new DataRecordQuery { Dataset = "ds", From = third })).Select(r => r.IngestedAt).ShouldAllBe(t => t == third);
        (await Store.CountAsync(new DataRecordQuery { SourceId = "src", Limit = 3 }, default)).ShouldBe(3);
        (await ToListAsync(new DataRecordQuery { Limit = 3 })).Select(r => r.Json).ShouldBe([Json(1, "red"), Json(2, "red"), Json(1, "red")]);
    }

    private static string Json(int id, string colour) => $$"""{"colour":"{{colour}}","id":{{id}}}""";

    private static DataRecordInput Rec(int id, string colour = "red") => Of(Json(id, colour), $"test:{id}");

    private async Task<List<DataRecord>> ToListAsync(DataRecordQuery query)
    {
        var list = new List<DataRecord>();
        await foreach (var r in Store.QueryAsync(query, default))
        {
            list.Add(r);
        }

        return list;
    }
}

public sealed class SqliteDataStoreTests(SqliteDatabases files) : DataStoreTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());
}

public sealed class PostgresDataStoreTests(PostgresDatabase pg) : DataStoreTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
