using Npgsql;
using RuleForge.Ingestion.Running;
using RuleForge.Ingestion.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Ingestion.Tests.Running;

/// <summary>Ingestion into the PostgreSQL data store (binary COPY path), and a source connection dropped mid-query.</summary>
public sealed class PostgresStoreIngestionTests(PostgresDatabase pg) : IClassFixture<PostgresDatabase>, IUsesPostgres
{
    [DatabaseFact]
    public async Task Files_ingested_into_postgresql_are_deduplicated_across_runs()
    {
        await using var h = new IngestionHarness(await pg.NewSchemaAsync());
        h.Write("in/a.csv", "id,v\n1,x\n2,y\n2,y\n");
        const string yaml = "sources:\n  - {id: files, type: file, path: ./in, pattern: \"*.csv\"}\n";

        var first = await h.IngestOneAsync(yaml);
        h.Write("in/b.jsonl", "{\"id\":3,\"v\":\"z\"}\n");
        var second = await h.IngestOneAsync("sources:\n  - {id: files, type: file, path: ./in, pattern: \"*.*\"}\n");

        (first.Stored, first.Duplicate).ShouldBe((2L, 1L));
        (second.Stored, second.Duplicate).ShouldBe((1L, 3L));
        (await h.RecordsAsync("files")).Select(r => r.Json).ShouldBe(["""{"id":1,"v":"x"}""", """{"id":2,"v":"y"}""", """{"id":3,"v":"z"}"""]);
    }

    [DatabaseFact]
    public async Task A_connection_dropped_mid_query_keeps_the_rows_committed_and_the_old_watermark()
    {
        await using var h = new IngestionHarness();
        var source = await pg.NewSchemaAsync();
        await using (var connection = new NpgsqlConnection(source))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 3000) g", connection);
            await command.ExecuteNonQueryAsync();
        }

        // The query ends its own session at row 2500 (no ORDER BY, so rows stream from the scan): the server drops the connection mid-result.
        var dropping = $$$"""sources: [{id: pgsrc, type: database, provider: postgresql, connectionString: "{{{source}}}", query: "SELECT id, v FROM t WHERE id > @last AND (id < 2500 OR pg_terminate_backend(pg_backend_pid()))", watermark: id}]""";
        var healthy = $$$"""sources: [{id: pgsrc, type: database, provider: postgresql, connectionString: "{{{source}}}", query: "SELECT id, v FROM t WHERE id > @last ORDER BY id", watermark: id}]""";

        var broken = await h.IngestOneAsync(dropping, batchSize: 500);
        var watermarkAfterBreak = await h.Store.GetWatermarkAsync("pgsrc", default);
        var rerun = await h.IngestOneAsync(healthy, batchSize: 500);

        broken.Status.ShouldBe(SourceStatus.Failed);
        broken.Error!.ShouldContain("pgsrc");
        broken.Stored.ShouldBeInRange(1L, 2500L); // Rows streamed before the drop are kept.
        watermarkAfterBreak.ShouldBeNull();
        (rerun.Status, rerun.Stored + broken.Stored, rerun.Duplicate).ShouldBe((SourceStatus.Ok, 3000L, broken.Stored));
        (await h.Store.GetWatermarkAsync("pgsrc", default)).ShouldBe("3000");
    }
}
