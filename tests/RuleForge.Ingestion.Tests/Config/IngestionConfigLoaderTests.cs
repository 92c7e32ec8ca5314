using RuleForge.Core.Errors;
using RuleForge.Ingestion.Config;

namespace RuleForge.Ingestion.Tests.Config;

public sealed class IngestionConfigLoaderTests
{
    private const string Contract = """
        sources:
          - {id: files, type: file, path: ./in, pattern: "*.csv", archive: true}
          - {id: jsonl, type: file, path: ./in, pattern: "*.jsonl"}
          - {id: api, type: http, url: "http://127.0.0.1:8080/items", recordsPath: "$.items", nextPath: "$.next", rateLimit: {requests: 5, perSeconds: 1}}
          - {id: db, type: database, provider: sqlite, connectionString: "Data Source=src.db", query: "SELECT * FROM t WHERE id > @last", watermark: id}
        """;

    [Fact]
    public void The_contract_config_is_accepted_and_relative_paths_resolve_against_the_config_folder()
    {
        var config = IngestionConfigLoader.Parse(Contract, "c.yaml", "/data/project");

        config.Sources.Select(s => s.Kind).ShouldBe([SourceKind.File, SourceKind.File, SourceKind.Http, SourceKind.Database]);
        config.Sources[0].Path.ShouldBe("/data/project/in");
        config.Sources[0].Archive.ShouldBeTrue();
        config.Sources[2].RateLimit!.Requests.ShouldBe(5);
        config.Sources[3].ConnectionString!.ShouldContain("/data/project/src.db");
    }

    [Fact]
    public void The_same_config_as_json_is_accepted()
    {
        var json = """{"sources":[{"id":"api","type":"http","url":"http://localhost/x","rateLimit":{"requests":2,"perSeconds":10}}]}""";

        IngestionConfigLoader.Parse(json, "c.json", "/tmp").Sources.Single().RateLimit!.PerSeconds.ShouldBe(10);
    }

    [Fact]
    public void Other_sections_of_ruleforge_yaml_are_left_to_their_owners()
    {
        var yaml = "llm:\n  provider: openai\n  model: {name: x, options: [1, 2]}\nsources:\n  - {id: a, type: file, path: ./in}\nstore: {db: x.db}\n";

        IngestionConfigLoader.Parse(yaml, "ruleforge.yaml", "/p").Sources.Single().Path.ShouldBe("/p/in");
    }

    [Theory]
    [InlineData("sources:\n  - {id: a, type: file, path: ., colour: red}", "line 2", "unknown key 'colour'")]
    [InlineData("sources:\n  - {id: a, type: http}", "source 'a'", "url")]
    [InlineData("sources:\n  - {id: a, type: ftp}", "source 'a'", "file, http or database")]
    [InlineData("sources:\n  - {id: a, type: file, path: .}\n  - {id: a, type: file, path: .}", "source 'a' (#2)", "twice")]
    [InlineData("sources:\n  - {id: a, type: database, provider: sqlite, connectionString: x.db, query: 'SELECT * WHERE id > @last'}", "source 'a'", "watermark")]
    [InlineData("sources: []", "c.yaml", "no sources")]
    public void Bad_configs_are_refused_naming_the_place_and_the_problem(string yaml, string where, string what)
    {
        var error = Should.Throw<InputException>(() => IngestionConfigLoader.Parse(yaml, "c.yaml", "/tmp"));

        error.Message.ShouldContain(where);
        error.Message.ShouldContain(what);
    }
}
