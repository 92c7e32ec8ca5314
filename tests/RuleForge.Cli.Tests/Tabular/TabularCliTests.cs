using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Stores;
using RuleForge.Storage;
using RuleForge.Testing;

namespace RuleForge.Cli.Tests.Tabular;

public sealed class TabularCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, new StringReader(""), IsOutputRedirected: true));
        return (code, output.ToString(), error.ToString());
    }

    private async Task<string> CustomersAsync(int rows = 1200)
    {
        var path = _temp.File("customers.csv");
        var (code, _, err) = await RunAsync("examples", "customers", "--rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7", "--out", path);
        code.ShouldBe(0, err);
        return path;
    }

    private async Task<string> ArffAsync()
    {
        var path = _temp.File("weather.arff");
        var rows = new List<string>();
        var random = new Random(3);
        for (var i = 0; i < 120; i++)
        {
            var temp = random.Next(50, 100);
            var outlook = new[] { "sunny", "overcast", "rainy" }[random.Next(3)];
            var play = outlook == "overcast" || temp < 75 ? "yes" : "no";
            rows.Add($"{outlook},{temp},{play}");
        }

        await File.WriteAllTextAsync(path, "@relation w\n@attribute outlook {sunny,overcast,rainy}\n@attribute temp numeric\n@attribute play {yes,no}\n@data\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    [Fact]
    public async Task Learn_on_arff_with_folds_prints_the_contract_fields_and_stores_the_run()
    {
        var db = _temp.File("t.db");
        var (code, output, err) = await RunAsync("--db", db, "learn", await ArffAsync(), "--folds", "5", "--seed", "1", "--json");
        code.ShouldBe(0, err);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.9);
        root.GetProperty("target").GetString().ShouldBe("play");
        var ruleCount = root.GetProperty("ruleCount").GetInt32();
        root.GetProperty("rules").GetArrayLength().ShouldBe(ruleCount);
        root.GetProperty("rules")[ruleCount - 1].GetString()!.ShouldStartWith("DEFAULT");
        var runId = root.GetProperty("runId").GetString()!;

        await using var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None);
        var run = await database.Runs.GetRunAsync(runId, CancellationToken.None);
        run!.Status.ShouldBe(RunStatus.Completed);
        (await database.Runs.GetIterationsAsync(runId, CancellationToken.None)).Count.ShouldBe(root.GetProperty("iterations").GetInt32());
        var stored = await database.Rules.GetAsync(root.GetProperty("ruleIds")[0].GetString()!, null, CancellationToken.None);
        stored!.Status.ShouldBe(RuleForge.Core.Rules.RuleStatus.Candidate);
        stored.Provenance!.RunId.ShouldBe(runId);
    }

    [Fact]
    public async Task Learn_on_csv_with_holdout_recovers_the_customer_rules()
    {
        var (code, output, err) = await RunAsync("--db", _temp.File("t.db"), "learn", await CustomersAsync(), "--target", "segment", "--holdout", "0.3", "--seed", "1", "--json");
        code.ShouldBe(0, err);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.85);
        json.RootElement.GetProperty("validation").GetString().ShouldBe("hold-out 0.3");
        var rules = json.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!).ToList();
        rules.ShouldContain(r => r.Contains("income >=", StringComparison.Ordinal) && r.Contains("monthly_spend >=", StringComparison.Ordinal) && r.EndsWith("premium", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eval_and_apply_use_the_rules_written_by_learn()
    {
        var data = await CustomersAsync(800);
        var rules = _temp.File("rules.json");
        (await RunAsync("--db", _temp.File("t.db"), "learn", data, "--target", "segment", "--holdout", "0.3", "--out", rules, "--json")).Code.ShouldBe(0);

        var (code, output, err) = await RunAsync("eval", rules, data, "--json");
        code.ShouldBe(0, err);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.8);
        json.RootElement.GetProperty("rules").GetArrayLength().ShouldBeGreaterThan(1);

        var predictions = _temp.File("out/predictions.csv");
        (await RunAsync("apply", rules, data, "--out", predictions)).Code.ShouldBe(0);
        var lines = await File.ReadAllLinesAsync(predictions);
        lines.Length.ShouldBe(801);
        lines[0].ShouldEndWith(",prediction,rule");
    }

    [Fact]
    public async Task A_missing_target_lists_the_columns_and_creates_no_run()
    {
        var db = _temp.File("t.db");
        var (code, _, err) = await RunAsync("--db", db, "learn", await CustomersAsync(300), "--target", "segmnt", "--json");
        code.ShouldBe(ExitCodes.BadInput);
        err.ShouldContain("columns are: customer_id, age");
        await using var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None);
        (await database.Runs.ListRunsAsync(new RunQuery(), CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,b\n1,x\n2,x\n3,x\n", "constant")]
    public async Task Bad_files_are_clear_errors_with_exit_code_two(string content, string expected)
    {
        var path = _temp.File("bad.csv");
        await File.WriteAllTextAsync(path, content);
        var (code, output, err) = await RunAsync("--db", _temp.File("t.db"), "learn", path, "--target", "b");
        code.ShouldBe(ExitCodes.BadInput);
        err.ShouldContain(expected);
        err.ShouldNotContain("   at ");
        output.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_truncated_arff_is_a_clear_error()
    {
        var path = _temp.File("cut.arff");
        await File.WriteAllTextAsync(path, "@relation r\n@attribute a numeric\n@attribute c {x,y}\n@data\n1,x\n2,");
        var (code, _, err) = await RunAsync("--db", _temp.File("t.db"), "learn", path);
        code.ShouldBe(ExitCodes.BadInput);
        err.ShouldContain("cut.arff:6");
    }

    [Fact]
    public async Task Resume_continues_an_unfinished_run_to_completion()
    {
        var db = _temp.File("t.db");
        var data = await CustomersAsync(600);
        var (code, output, err) = await RunAsync("--db", db, "learn", data, "--target", "segment", "--holdout", "0.3", "--max-iterations", "2", "--json");
        code.ShouldBe(0, err);
        var runId = JsonDocument.Parse(output).RootElement.GetProperty("runId").GetString()!;
        JsonDocument.Parse(output).RootElement.GetProperty("iterations").GetInt32().ShouldBe(2);

        // Simulate a kill after the first iteration: a second run with the same parameters, stopped mid-way.
        await using (var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None))
        {
            var run = (await database.Runs.GetRunAsync(runId, CancellationToken.None))!;
            var iterations = await database.Runs.GetIterationsAsync(runId, CancellationToken.None);
            await database.Runs.CreateRunAsync(run with { Id = "killed", Status = RunStatus.Running, StopReason = null, SummaryJson = null }, CancellationToken.None);
            await database.Runs.AppendIterationAsync("killed", iterations[0], CancellationToken.None);
        }

        (code, output, err) = await RunAsync("--db", db, "runs", "resume", "killed", "--json");
        code.ShouldBe(0, err);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("runId").GetString().ShouldBe("killed");
        root.GetProperty("iterations").GetInt32().ShouldBe(2);
        await using (var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None))
        {
            (await database.Runs.GetRunAsync("killed", CancellationToken.None))!.Status.ShouldBe(RunStatus.Completed);
        }

        (code, _, err) = await RunAsync("--db", db, "runs", "resume", "killed");
        code.ShouldBe(ExitCodes.BadInput);
        err.ShouldContain("already completed");
    }
}
