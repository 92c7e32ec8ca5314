using System.Text.Json;
using Microsoft.Data.Sqlite;
using RuleForge.Cli.Tests.Support;
using RuleForge.Testing.Http;

namespace RuleForge.Cli.Tests.Ingestion;

/// <summary>The issue's contract config, end to end through <c>ruleforge ingest</c> and <c>ruleforge data</c>, in process.</summary>
public sealed class IngestCommandTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();
    private StubHttpServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new StubHttpServer((r, _) => StubResponse.Json(r.Query("page") switch
        {
            null => """{"items":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"next":"/items?page=2"}""",
            _ => """{"items":[{"id":3,"name":"c"}],"next":null}""",
        }));
        Directory.CreateDirectory(Path.Combine(_cli.Folder, "in"));
        _cli.WriteFile("in/a.csv", "id,colour,size\n1,red,3\n2,blue,4\n2,blue,4\n");
        _cli.WriteFile("in/b.jsonl", "{\"id\":1,\"ok\":true}\n{\"id\":2,\"ok\":false}\nnot json\n");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.Folder, "src.db")};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')";
            command.ExecuteNonQuery();
        }

        _cli.WriteFile("c.yaml", $$$"""
            sources:
              - {id: files, type: file, path: ./in, pattern: "*.csv", archive: true}
              - {id: jsonl, type: file, path: ./in, pattern: "*.jsonl"}
              - {id: api, type: http, url: "{{{_server.BaseUrl}}}/items", recordsPath: "$.items", nextPath: "$.next", rateLimit: {requests: 5, perSeconds: 1}}
              - {id: db, type: database, provider: sqlite, connectionString: "Data Source=src.db", query: "SELECT * FROM t WHERE id > @last", watermark: id}
            """);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task The_contract_config_ingests_every_source_and_a_second_run_stores_nothing_new()
    {
        var config = Path.Combine(_cli.Folder, "c.yaml");

        var first = (await _cli.RunAsync("ingest", "--config", config, "--all", "--json")).Json();
        var second = (await _cli.RunAsync("ingest", "--config", config, "--all", "--json")).Json();

        Counts(first).ShouldBe([("files", 3, 3, 0, 1, 2), ("jsonl", 3, 2, 1, 0, 2), ("api", 3, 3, 0, 0, 3), ("db", 2, 2, 0, 0, 2)]);
        Counts(second).Select(c => c.Stored).ShouldAllBe(stored => stored == 0);
        Counts(second).Single(c => c.Id == "jsonl").Duplicate.ShouldBe(2);
        File.Exists(Path.Combine(_cli.Folder, "in", "archived", "a.csv")).ShouldBeTrue();
        File.Exists(Path.Combine(_cli.Folder, "in", "b.jsonl")).ShouldBeTrue();
    }

    [Fact]
    public async Task Data_show_lists_the_versions_and_the_record_count()
    {
        var config = Path.Combine(_cli.Folder, "c.yaml");
        (await _cli.RunAsync("ingest", "--config", config, "--source", "jsonl", "--json")).Json();
        _cli.WriteFile("in/c.jsonl", "{\"id\":9,\"ok\":true}\n");
        (await _cli.RunAsync("ingest", "--config", config, "--source", "jsonl", "--json")).Json();

        var show = (await _cli.RunAsync("data", "show", "jsonl", "--json")).Json();

        show.GetProperty("records").GetInt64().ShouldBe(3);
        show.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("added").GetInt64()).ShouldBe([2L, 1L]);
        show.GetProperty("quarantine")[0].GetProperty("sourceRef").GetString().ShouldBe("b.jsonl:3");
        var asOfFirst = (await _cli.RunAsync("data", "show", "jsonl", "--version", "1", "--json")).Json();
        asOfFirst.GetProperty("records").GetInt64().ShouldBe(2);
        var lineage = (await _cli.RunAsync("data", "lineage", "jsonl", "--json")).Json();
        lineage.GetProperty("chain").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ShouldBe([2, 1]);
    }

    [Fact]
    public async Task Exported_csv_has_a_column_per_field()
    {
        var config = Path.Combine(_cli.Folder, "c.yaml");
        (await _cli.RunAsync("ingest", "--config", config, "--source", "files", "--json")).Json();
        var output = Path.Combine(_cli.Folder, "out.csv");

        var export = (await _cli.RunAsync("data", "export", "files", "--out", output, "--json")).Json();

        export.GetProperty("records").GetInt64().ShouldBe(2);
        File.ReadAllText(output).ShouldBe("colour,id,size\nred,1,3\nblue,2,4\n");
        var filtered = await _cli.RunAsync("data", "export", "files", "--out", "-", "--where", "colour=blue");
        filtered.Out.Trim().ShouldBe("""{"colour":"blue","id":2,"size":4}""");
    }

    [Fact]
    public async Task Without_a_source_selection_the_command_names_the_declared_sources()
    {
        var result = await _cli.RunAsync("ingest", "--config", Path.Combine(_cli.Folder, "c.yaml"));

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("files, jsonl, api, db");
    }

    [Fact]
    public async Task An_unknown_dataset_is_bad_input()
    {
        var result = await _cli.RunAsync("data", "show", "nope");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("'nope'");
    }

    [Fact]
    public async Task A_failing_source_fails_the_command_but_the_others_are_stored()
    {
        _cli.WriteFile("bad.yaml", $$$"""
            sources:
              - {id: jsonl, type: file, path: ./in, pattern: "*.jsonl"}
              - {id: broken, type: http, url: "{{{_server.BaseUrl}}}/items", recordsPath: "$.missing", retry: {attempts: 0}}
            """);

        var result = await _cli.RunAsync("ingest", "--config", Path.Combine(_cli.Folder, "bad.yaml"), "--all", "--json");

        result.Code.ShouldBe(1);
        var sources = JsonDocument.Parse(result.Out).RootElement.GetProperty("sources");
        sources[0].GetProperty("stored").GetInt64().ShouldBe(2);
        sources[1].GetProperty("status").GetString().ShouldBe("failed");
        sources[1].GetProperty("error").GetString()!.ShouldContain("$.missing");
    }

    [Fact]
    public async Task Api_calls_are_charged_to_the_shared_cost_ledger_and_shown_by_usage()
    {
        _cli.WriteFile("paid.yaml", $$$"""
            sources:
              - {id: api, type: http, url: "{{{_server.BaseUrl}}}/items", recordsPath: "$.items", nextPath: "$.next", limits: {costPerCall: 0.01, callsPerDay: 3}}
            """);
        var config = Path.Combine(_cli.Folder, "paid.yaml");

        (await _cli.RunAsync("ingest", "--config", config, "--all", "--json")).Json();
        var limited = await _cli.RunAsync("ingest", "--config", config, "--all", "--json");
        var usage = (await _cli.RunAsync("usage", "--json")).Json();
        var llmUsage = (await _cli.RunAsync("llm", "usage", "--json")).Json();

        limited.Code.ShouldBe(1);
        limited.Out.ShouldContain("http:api: the daily limit of 3 calls is reached");
        var key = usage.GetProperty("keys").EnumerateArray().ShouldHaveSingleItem();
        key.GetProperty("key").GetString().ShouldBe("http:api");
        (key.GetProperty("requests").GetInt64(), key.GetProperty("costUsd").GetDecimal()).ShouldBe((3L, 0.03m));
        key.GetProperty("bytes").GetInt64().ShouldBeGreaterThan(0);
        usage.GetProperty("costUsd").GetDecimal().ShouldBe(0.03m);
        llmUsage.GetProperty("keys").GetArrayLength().ShouldBe(1);
    }

    private static List<(string Id, long Read, long Valid, long Invalid, long Duplicate, long Stored)> Counts(JsonElement report) =>
        report.GetProperty("sources").EnumerateArray().Select(s => (
            s.GetProperty("id").GetString()!,
            s.GetProperty("read").GetInt64(),
            s.GetProperty("valid").GetInt64(),
            s.GetProperty("invalid").GetInt64(),
            s.GetProperty("duplicate").GetInt64(),
            s.GetProperty("stored").GetInt64())).ToList();
}
