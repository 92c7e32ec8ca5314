using Microsoft.Data.Sqlite;
using Npgsql;
using RuleForge.Ingestion.Running;
using RuleForge.Ingestion.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Ingestion.Tests.Sources;

public sealed class SqliteDatabaseSourceTests : IAsyncLifetime
{
    private readonly IngestionHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_watermark_makes_the_next_run_read_only_new_rows()
    {
        await ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL); INSERT INTO t VALUES (1, 'a', 0.5), (2, 'b', NULL)");
        const string yaml = """sources: [{id: db, type: database, provider: sqlite, connectionString: "Data Source=src.db", query: "SELECT * FROM t WHERE id > @last ORDER BY id", watermark: id}]""";

        var first = await _h.IngestOneAsync(yaml);
        await ExecuteAsync("INSERT INTO t VALUES (3, 'c', 2)");
        var second = await _h.IngestOneAsync(yaml);

        (first.Read, first.Stored).ShouldBe((2L, 2L));
        (second.Read, second.Stored).ShouldBe((1L, 1L));
        (await _h.Store.GetWatermarkAsync("db", default)).ShouldBe("3");
        (await _h.RecordsAsync("db")).Select(r => r.Json).ShouldBe(["""{"id":1,"name":"a","score":0.5}""", """{"id":2,"name":"b","score":null}""", """{"id":3,"name":"c","score":2}"""]);
    }

    [Fact]
    public async Task A_watermark_column_missing_from_the_result_fails_the_source_by_name()
    {
        await ExecuteAsync("CREATE TABLE t (id INTEGER)");

        var report = await _h.IngestOneAsync("""sources: [{id: db, type: database, provider: sqlite, connectionString: "Data Source=src.db", query: "SELECT id FROM t WHERE id > @last", watermark: updated_at}]""");

        report.Status.ShouldBe(SourceStatus.Failed);
        report.Error!.ShouldContain("updated_at");
    }

    [Fact]
    public async Task A_missing_database_file_is_an_error_not_a_new_empty_database()
    {
        var report = await _h.IngestOneAsync("""sources: [{id: db, type: database, provider: sqlite, connectionString: "Data Source=absent.db", query: "SELECT 1"}]""");

        report.Status.ShouldBe(SourceStatus.Failed);
        File.Exists(_h.Path("absent.db")).ShouldBeFalse();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_h.Path("src.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class PostgresDatabaseSourceTests(PostgresDatabase pg) : IClassFixture<PostgresDatabase>, IUsesPostgres, IAsyncLifetime
{
    private readonly IngestionHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [DatabaseFact]
    public async Task A_timestamp_watermark_is_remembered_between_runs()
    {
        var source = await pg.NewSchemaAsync();
        await ExecuteAsync(source, "CREATE TABLE t (id int, updated_at timestamptz); INSERT INTO t VALUES (1, '2026-01-01T00:00:00Z'), (2, '2026-01-02T00:00:00Z')");
        var yaml = $$$"""sources: [{id: pgsrc, type: database, provider: postgresql, connectionString: "{{{source}}}", query: "SELECT id, updated_at FROM t WHERE updated_at > @last::timestamptz ORDER BY updated_at", watermark: updated_at, initialWatermark: "1970-01-01T00:00:00Z"}]""";

        var first = await _h.IngestOneAsync(yaml);
        await ExecuteAsync(source, "INSERT INTO t VALUES (3, '2026-01-03T00:00:00Z')");
        var second = await _h.IngestOneAsync(yaml);

        first.Status.ShouldBe(SourceStatus.Ok, first.Error);
        (first.Stored, second.Read, second.Stored).ShouldBe((2L, 1L, 1L));
    }

    [DatabaseFact]
    public async Task A_numeric_watermark_needs_no_initial_value()
    {
        var source = await pg.NewSchemaAsync();
        await ExecuteAsync(source, "CREATE TABLE t (id bigint, v text); INSERT INTO t VALUES (1, 'a'), (5, 'b')");
        var yaml = $$$"""sources: [{id: pgsrc, type: database, provider: postgresql, connectionString: "{{{source}}}", query: "SELECT * FROM t WHERE id > @last", watermark: id}]""";

        var report = await _h.IngestOneAsync(yaml);

        report.Status.ShouldBe(SourceStatus.Ok, report.Error);
        report.Stored.ShouldBe(2);
        (await _h.Store.GetWatermarkAsync("pgsrc", default)).ShouldBe("5");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
