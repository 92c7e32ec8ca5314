using RuleForge.Core.Data;
using RuleForge.Ingestion.Running;
using RuleForge.Ingestion.Tests.Support;

namespace RuleForge.Ingestion.Tests.Sources;

public sealed class FileSourceTests : IAsyncLifetime
{
    private const string CsvSource = "sources:\n  - {id: files, type: file, path: ./in, pattern: \"*.csv\"}\n";
    private readonly IngestionHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Csv_values_are_coerced_to_the_inferred_types_and_stored_as_canonical_json()
    {
        _h.Write("in/a.csv", "name,age,vip,note\nann,31,true,\nbob,40.5,false,hi\n");

        var report = await _h.IngestOneAsync(CsvSource);

        report.Status.ShouldBe(SourceStatus.Ok);
        (report.Read, report.Valid, report.Invalid, report.Stored).ShouldBe((2L, 2L, 0L, 2L));
        var records = await _h.RecordsAsync("files");
        records.Select(r => r.Json).ShouldBe([
            """{"age":31,"name":"ann","note":null,"vip":true}""",
            """{"age":40.5,"name":"bob","note":"hi","vip":false}""",
        ]);
        records[0].SourceRef.ShouldBe("a.csv:2");
    }

    [Fact]
    public async Task Csv_rows_after_the_inference_sample_are_stored_and_quarantined_as_before()
    {
        // Past the sample, rows take the flat fast path; a row that does not coerce still gets its reason.
        var rows = string.Concat(Enumerable.Range(1, 300).Select(i => i == 250 ? "250,oops,true,x\n" : $"{i},{i}.5,{(i % 3 == 0 ? "TRUE" : "false")},{(i % 7 == 0 ? "" : $"n{i}")}\n"));
        _h.Write("in/a.csv", "id,amount,vip,note\n" + rows);

        var report = await _h.IngestOneAsync(CsvSource);

        (report.Read, report.Valid, report.Invalid, report.Stored).ShouldBe((300L, 299L, 1L, 299L));
        var records = await _h.RecordsAsync("files");
        records.Single(r => r.SourceRef == "a.csv:211").Json.ShouldBe("""{"amount":210.5,"id":210,"note":null,"vip":true}""");
        records.Single(r => r.SourceRef == "a.csv:301").Json.ShouldBe("""{"amount":300.5,"id":300,"note":"n300","vip":true}""");
        var quarantined = (await _h.Store.GetQuarantineAsync("files", 10, default)).ShouldHaveSingleItem();
        (quarantined.SourceRef, quarantined.Reason).ShouldBe(("a.csv:251", "field 'amount': 'oops' is not a number"));
        (await _h.IngestOneAsync(CsvSource)).Stored.ShouldBe(0);
    }

    [Fact]
    public async Task Ingesting_the_same_files_again_stores_nothing_new()
    {
        _h.Write("in/a.csv", "id,v\n1,x\n2,y\n");
        await _h.IngestOneAsync(CsvSource);
        _h.Write("in/b.csv", "v,id\ny,2\nz,3\n"); // Same record 2 with the columns swapped: still a duplicate.

        var second = await _h.IngestOneAsync(CsvSource);

        (second.Read, second.Duplicate, second.Stored).ShouldBe((4L, 3L, 1L));
        (await _h.IngestOneAsync(CsvSource)).Stored.ShouldBe(0);
        (await _h.RecordsAsync("files")).Count.ShouldBe(3);
        (await _h.Store.GetVersionsAsync("files", default)).Select(v => v.Added).ShouldBe([2L, 1L]);
    }

    [Fact]
    public async Task Malformed_lines_are_quarantined_with_file_and_line()
    {
        var numbers = string.Concat(Enumerable.Range(10, 30).Select(i => $"{i},{i}\n"));
        _h.Write("in/a.csv", "id,n\n1,5\n2,5,extra\n3,abc\n4,7\n" + numbers);
        _h.Write("in/b.jsonl", "{\"id\":1}\n{not json\n[1,2]\n{\"id\":2}\n");

        var report = await _h.IngestOneAsync("sources:\n  - {id: mixed, type: file, path: ./in, pattern: \"*.*\"}\n");

        (report.Read, report.Valid, report.Invalid, report.Stored).ShouldBe((38L, 34L, 4L, 34L));
        var quarantine = await _h.Store.GetQuarantineAsync("mixed", 10, default);
        quarantine.Select(q => q.SourceRef).ShouldBe(["a.csv:3", "a.csv:4", "b.jsonl:2", "b.jsonl:3"], ignoreOrder: true);
        quarantine.Single(q => q.SourceRef == "a.csv:3").Reason.ShouldContain("expected 2 fields");
        quarantine.Single(q => q.SourceRef == "a.csv:4").Reason.ShouldContain("field 'n': 'abc' is not a number");
        quarantine.Single(q => q.SourceRef == "b.jsonl:2").Reason.ShouldContain("invalid JSON");
        quarantine.Single(q => q.SourceRef == "b.jsonl:2").Raw.ShouldBe("{not json");
    }

    [Fact]
    public async Task Archived_files_move_after_their_records_are_committed_and_are_not_read_again()
    {
        _h.Write("in/a.csv", "id\n1\n2\n");
        _h.Write("in/b.csv", "id\n3\n");
        const string yaml = "sources:\n  - {id: files, type: file, path: ./in, pattern: \"*.csv\", archive: true}\n";

        var first = await _h.IngestOneAsync(yaml, batchSize: 1);

        first.Stored.ShouldBe(3);
        File.Exists(_h.Path("in/a.csv")).ShouldBeFalse();
        File.ReadAllText(_h.Path("in/archived/a.csv")).ShouldBe("id\n1\n2\n");
        File.Exists(_h.Path("in/archived/b.csv")).ShouldBeTrue();
        var second = await _h.IngestOneAsync(yaml);
        second.Read.ShouldBe(0);
        second.Warnings.ShouldHaveSingleItem().ShouldContain("no file");
    }

    [Fact]
    public async Task Many_small_batches_store_every_record_intact_when_their_buffers_are_reused()
    {
        // Each batch's bytes live in a buffer reused once the batch is committed: a reuse too early would corrupt records.
        var rows = Enumerable.Range(1, 1000).Select(i => $"{i},name{i},{i * 0.5}").ToArray();
        _h.Write("in/a.csv", "id,name,score\n" + string.Join("\n", rows) + "\n");
        _h.Write("in/b.jsonl", string.Join("\n", Enumerable.Range(1, 300).Select(i => $$"""{"id":{{i}},"tag":"t{{i}}"}""")) + "\n");
        const string yaml = "sources:\n  - {id: files, type: file, path: ./in, pattern: \"*.csv\"}\n  - {id: lines, type: file, path: ./in, pattern: \"*.jsonl\"}\n";

        var report = await _h.IngestAsync(yaml, batchSize: 7);

        report.Sources.Select(s => s.Stored).ShouldBe([1000L, 300L]);
        var csv = await _h.RecordsAsync("files");
        csv.Select(r => r.Json).ShouldBe(Enumerable.Range(1, 1000).Select(i => $$"""{"id":{{i}},"name":"name{{i}}","score":{{(i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"""));
        csv.Select(r => r.SourceRef).ShouldBe(Enumerable.Range(2, 1000).Select(line => $"a.csv:{line}"));
        csv.Select(r => r.Hash).ShouldBe(csv.Select(r => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r.Json)).AsSpan(0, 16))));
        (await _h.RecordsAsync("lines")).Select(r => r.Json).ShouldBe(Enumerable.Range(1, 300).Select(i => $$"""{"id":{{i}},"tag":"t{{i}}"}"""));
        (await _h.IngestAsync(yaml, batchSize: 7)).Sources.Select(s => (s.Stored, s.Duplicate)).ShouldBe([(0L, 1000L), (0L, 300L)]);
    }

    [Fact]
    public async Task A_glob_matching_nothing_is_a_warning_not_an_error()
    {
        Directory.CreateDirectory(_h.Path("in"));

        var report = await _h.IngestOneAsync(CsvSource);

        report.Status.ShouldBe(SourceStatus.Ok);
        report.Stored.ShouldBe(0);
        report.Warnings.ShouldHaveSingleItem().ShouldContain("*.csv");
        report.Version.ShouldBeNull();
    }

    [Fact]
    public async Task Json_arrays_objects_and_records_paths_are_read()
    {
        _h.Write("in/a.json", """[{"id":1},{"id":2},"oops"]""");
        _h.Write("in/b.json", """{"id":3}""");
        _h.Write("nested/c.json", """{"data":{"rows":[{"id":4},{"id":5}]}}""");

        var report = await _h.IngestAsync("""
            sources:
              - {id: arrays, type: file, path: ./in, pattern: "*.json"}
              - {id: nested, type: file, path: ./nested, pattern: "*.json", recordsPath: "$.data.rows"}
            """);

        report.Sources.Select(s => (s.Stored, s.Invalid)).ShouldBe([(3L, 1L), (2L, 0L)]);
        (await _h.Store.GetQuarantineAsync("arrays", 5, default)).Single().SourceRef.ShouldBe("a.json#2");
    }

    [Fact]
    public async Task A_half_written_last_line_is_left_for_the_next_run()
    {
        _h.Write("in/a.jsonl", "{\"id\":1}\n{\"id\":");
        const string yaml = "sources:\n  - {id: lines, type: file, path: ./in, pattern: \"*.jsonl\", archive: true}\n";

        var first = await _h.IngestOneAsync(yaml);

        (first.Stored, first.Invalid).ShouldBe((1L, 0L));
        first.Warnings.ShouldHaveSingleItem().ShouldContain("a.jsonl:2");
        File.Exists(_h.Path("in/a.jsonl")).ShouldBeTrue();
        File.AppendAllText(_h.Path("in/a.jsonl"), "2}\n");
        var second = await _h.IngestOneAsync(yaml);
        (second.Stored, second.Duplicate).ShouldBe((1L, 1L));
        File.Exists(_h.Path("in/archived/a.jsonl")).ShouldBeTrue();
    }

    [Fact]
    public async Task Records_breaking_the_json_schema_are_quarantined_with_the_reason()
    {
        _h.Write("schema.json", """{"type":"object","properties":{"age":{"type":"integer","minimum":0},"name":{"type":"string"}},"required":["name"]}""");
        _h.Write("in/a.csv", "name,age\nann,31\nbob,-4\n,5\n");

        var report = await _h.IngestOneAsync("sources:\n  - {id: people, type: file, path: ./in, pattern: \"*.csv\", schema: schema.json}\n");

        (report.Valid, report.Invalid).ShouldBe((1L, 2L));
        var reasons = (await _h.Store.GetQuarantineAsync("people", 5, default)).Select(q => q.Reason).ToArray();
        reasons[0].ShouldContain("minimum");
        reasons[1].ShouldContain("name");
    }

    [Fact]
    public async Task A_crash_between_batches_keeps_committed_batches_and_a_rerun_resumes_without_storing_twice()
    {
        _h.Write("in/a.csv", "id\n1\n2\n3\n4\n5\n");
        const string yaml = "sources:\n  - {id: files, type: file, path: ./in, pattern: \"*.csv\", archive: true}\n";
        var real = _h.Store;
        _h.Store = new CrashingStore(real, failOnAppend: 3);

        var crashed = await _h.IngestOneAsync(yaml, batchSize: 2);

        crashed.Status.ShouldBe(SourceStatus.Failed);
        crashed.Stored.ShouldBe(4);
        File.Exists(_h.Path("in/a.csv")).ShouldBeTrue(); // Not archived: its last batch never committed.
        _h.Store = real;
        var rerun = await _h.IngestOneAsync(yaml, batchSize: 2);
        (rerun.Stored, rerun.Duplicate).ShouldBe((1L, 4L));
        (await _h.RecordsAsync("files")).Count.ShouldBe(5);
        File.Exists(_h.Path("in/archived/a.csv")).ShouldBeTrue();
        (await _h.Store.GetVersionsAsync("files", default)).Select(v => v.Status).ShouldBe([DataVersionStatus.Interrupted, DataVersionStatus.Complete]);
    }
}
