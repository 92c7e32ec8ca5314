using System.Globalization;
using System.Text;
using RuleForge.Cli.Tests.Support;

namespace RuleForge.Cli.Tests.Ingestion;

/// <summary><c>ruleforge learn data:&lt;dataset&gt;[@version]</c> (and batch problems naming one): learning from an ingested dataset version in the --db data store.</summary>
public sealed class LearnFromDataStoreTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public LearnFromDataStoreTests()
    {
        Directory.CreateDirectory(Path.Combine(_cli.Folder, "in"));
        Directory.CreateDirectory(Path.Combine(_cli.Folder, "series"));
        Directory.CreateDirectory(Path.Combine(_cli.Folder, "none"));
        _cli.WriteFile("c.yaml", """
            sources:
              - {id: sizes, type: file, path: ./in, pattern: "*.csv"}
              - {id: empty, type: file, path: ./none, pattern: "*.csv"}
              - {id: series, type: file, path: ./series, pattern: "*.csv"}
            """);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Learn_reads_the_latest_version_and_names_it_in_the_output_and_the_rules_provenance()
    {
        await IngestAsync("a.csv", Rows(0, 40));
        await IngestAsync("b.csv", Rows(40, 80));

        var learn = (await _cli.RunAsync("learn", "data:sizes", "--target", "size", "--holdout", "0.25", "--json")).Json();

        learn.GetProperty("data").GetString().ShouldBe("data:sizes@2");
        learn.GetProperty("ruleCount").GetInt32().ShouldBeGreaterThan(0);
        learn.GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.9);
        var ruleId = learn.GetProperty("ruleIds")[0].GetString()!;
        var rule = (await _cli.RunAsync("rules", "show", ruleId, "--json")).Json();
        rule.GetProperty("provenance").GetProperty("datasetVersion").GetString().ShouldBe("data:sizes@2");
    }

    [Fact]
    public async Task An_explicit_version_learns_from_that_version_only()
    {
        await IngestAsync("a.csv", Rows(0, 40));
        await IngestAsync("b.csv", Rows(40, 80));

        var learn = (await _cli.RunAsync("learn", "data:sizes@1", "--target", "size", "--holdout", "0.25", "--json")).Json();

        learn.GetProperty("data").GetString().ShouldBe("data:sizes@1");
        var runId = learn.GetProperty("runId").GetString()!;
        var run = (await _cli.RunAsync("runs", "show", runId, "--json")).Out;
        run.ShouldContain("data:sizes@1");
    }

    [Theory]
    [InlineData("data:nope", "no dataset or source named 'nope'")]
    [InlineData("data:sizes@7", "has no version 7; versions: 1")]
    [InlineData("data:sizes@x", "must be a positive whole number")]
    [InlineData("data:", "name the dataset")]
    public async Task A_bad_reference_is_bad_input_naming_what_is_wrong(string reference, string message)
    {
        await IngestAsync("a.csv", Rows(0, 40));

        var result = await _cli.RunAsync("learn", reference, "--target", "size", "--json");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain(message);
        result.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_empty_dataset_is_bad_input()
    {
        (await _cli.RunAsync("ingest", "--config", Path.Combine(_cli.Folder, "c.yaml"), "--source", "empty", "--json")).Code.ShouldBeOneOf(0, 1);

        var result = await _cli.RunAsync("learn", "data:empty", "--target", "size");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("data:empty");
    }

    [Fact]
    public async Task A_batch_problem_reads_a_stored_dataset_pinned_to_its_latest_version()
    {
        await IngestAsync("a.csv", Rows(0, 40));
        await IngestAsync("b.csv", Rows(40, 80));
        var spec = _cli.WriteFile("batch.yaml", """
            problems:
              - {data: "data:sizes", target: size, holdout: 0.25}
              - {name: first, data: "data:sizes@1", target: size, holdout: 0.25}
            """);

        var batch = (await _cli.RunAsync("batch", spec, "--json")).Json();

        var problems = batch.GetProperty("problems").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        problems.Keys.ShouldBe(["first", "sizes"], ignoreOrder: true);
        problems.Values.ShouldAllBe(p => p.GetProperty("status").GetString() == "completed");
        problems["sizes"].GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.9);
        var latest = (await _cli.RunAsync("runs", "show", problems["sizes"].GetProperty("runId").GetString()!, "--json")).Out;
        latest.ShouldContain("data:sizes@2");
        var first = (await _cli.RunAsync("runs", "show", problems["first"].GetProperty("runId").GetString()!, "--json")).Out;
        first.ShouldContain("data:sizes@1");
    }

    [Theory]
    [InlineData("data:nope", "problems[1] (b): data:nope: no dataset or source named 'nope'")]
    [InlineData("data:sizes@7", "problems[1] (b): data:sizes@7: dataset 'sizes' has no version 7; versions: 1")]
    [InlineData("data:sizes@x", "problems[1] (b): 'data:sizes@x': the version after @ must be a positive whole number")]
    public async Task A_batch_with_an_unknown_dataset_or_version_is_bad_input_naming_the_file_and_problem(string reference, string message)
    {
        await IngestAsync("a.csv", Rows(0, 40));
        var spec = _cli.WriteFile("batch.yaml", $$"""
            problems:
              - {name: a, data: "data:sizes", target: size}
              - {name: b, data: "{{reference}}", target: size}
            """);

        var result = await _cli.RunAsync("batch", spec, "--json");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("batch.yaml: " + message);
        result.Out.ShouldBeEmpty();
        (await _cli.RunAsync("runs", "list", "--json")).Json().GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_forecast_domain_reads_a_stored_series_and_records_it_in_the_rule_file()
    {
        // y is AR(2) plus a regime the ridge baseline cannot see: y jumps by 2 when the previous z exceeds 1.
        var rng = new Random(21);
        var csv = new StringBuilder("year,quarter,y,z,w\n");
        double y1 = 2, y2 = 2, previousZ = 0;
        for (var i = 0; i < 400; i++)
        {
            var z = Gaussian(rng);
            var w = Gaussian(rng);
            var y = 1 + (0.5 * y1) + (0.2 * y2) + (previousZ > 1 ? 2 : 0) + (0.5 * Gaussian(rng));
            csv.Append(CultureInfo.InvariantCulture, $"{1960 + (i / 4)},{(i % 4) + 1},{y:F4},{z:F4},{w:F4}\n");
            (y2, y1, previousZ) = (y1, y, z);
        }

        _cli.WriteFile("series/s.csv", csv.ToString());
        (await _cli.RunAsync("ingest", "--config", Path.Combine(_cli.Folder, "c.yaml"), "--source", "series", "--json")).Json();
        var rules = Path.Combine(_cli.Folder, "rules.json");

        var learn = (await _cli.RunAsync("learn", "data:series", "--domain", "forecast", "--target", "y", "--train-until", "2034-12-31", "--lags", "2", "--out", rules, "--json")).Json();

        learn.GetProperty("ruleCount").GetInt32().ShouldBeGreaterThan(0, learn.ToString());
        File.ReadAllText(rules).ShouldContain("data:series@1");
    }

    private async Task IngestAsync(string file, string rows)
    {
        _cli.WriteFile($"in/{file}", "width,colour,size\n" + rows);
        (await _cli.RunAsync("ingest", "--config", Path.Combine(_cli.Folder, "c.yaml"), "--source", "sizes", "--json")).Json();
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static string Rows(int from, int to)
    {
        var text = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 20},{(i % 3 == 0 ? "red" : "blue")},{(i % 20 >= 10 ? "big" : "small")}\n");
        }

        return text.ToString();
    }
}
