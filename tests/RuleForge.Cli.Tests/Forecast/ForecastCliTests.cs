using System.Globalization;
using System.Text;
using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Testing;

namespace RuleForge.Cli.Tests.Forecast;

/// <summary>The forecast and models commands, run in process on a small quarterly file written by the test.</summary>
public sealed class ForecastCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ForecastCliTests()
    {
        var rng = new Random(3);
        var csv = new StringBuilder("year,quarter,y,z\n");
        double y1 = 2, y2 = 2;
        for (var i = 0; i < 160; i++)
        {
            var z = (rng.NextDouble() * 4) - 2;
            var y = 1 + (0.5 * y1) + (0.2 * y2) + (rng.NextDouble() - 0.5);
            csv.Append(CultureInfo.InvariantCulture, $"{1970 + (i / 4)},{(i % 4) + 1},{y:F4},{z:F4}\n");
            (y2, y1) = (y1, y);
        }

        Data = _folder.File("series.csv");
        File.WriteAllText(Data, csv.ToString());
    }

    private string Data { get; }

    private string Db => _folder.File("rf.db");

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--db", Db], new CliConsole(output, error, TextReader.Null, true));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Retrodict_prints_rmse_mae_and_steps_as_json()
    {
        var (code, output, _) = await RunAsync("forecast", "retrodict", "--data", Data, "--target", "y", "--model", "ridge", "--lags", "4", "--from", "2000-01-01", "--json");

        code.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("steps").GetInt32().ShouldBe(40);
        json.RootElement.GetProperty("rmse").GetDouble().ShouldBeGreaterThan(0);
        json.RootElement.GetProperty("mae").GetDouble().ShouldBeLessThanOrEqualTo(json.RootElement.GetProperty("rmse").GetDouble());
    }

    [Theory]
    [InlineData("forecast learn")]
    [InlineData("learn")]
    public async Task Learn_prints_the_contract_fields(string command)
    {
        var (code, output, error) = await RunAsync([.. command.Split(' '), Data, "--domain", "forecast", "--target", "y", "--train-until", "1999-12-31", "--json"]);

        code.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        foreach (var field in new[] { "baselineRmse", "rulesRmse", "improvementPct", "ciLow", "ciHigh", "ruleCount" })
        {
            json.RootElement.TryGetProperty(field, out _).ShouldBeTrue(field);
        }
    }

    [Fact]
    public async Task Learn_in_the_forecast_domain_without_a_training_end_is_bad_input()
    {
        var (code, _, error) = await RunAsync("learn", Data, "--domain", "forecast", "--target", "y", "--json");

        code.ShouldBe(2);
        error.ShouldContain("--train-until");
    }

    [Fact]
    public async Task A_missing_column_is_bad_input_with_exit_code_2()
    {
        var (code, _, error) = await RunAsync("forecast", "retrodict", "--data", Data, "--target", "nope", "--json");

        code.ShouldBe(2);
        error.ShouldContain("'nope'");
    }

    [Fact]
    public async Task Trained_models_are_registered_promoted_and_traced()
    {
        var artifacts = _folder.File("models");
        (await RunAsync("forecast", "train", "--data", Data, "--target", "y", "--model", "ridge", "--train-until", "1999Q4", "--artifacts", artifacts, "--name", "y-model")).Code.ShouldBe(0);
        (await RunAsync("forecast", "train", "--data", Data, "--target", "y", "--model", "mlp", "--epochs", "5", "--artifacts", artifacts, "--name", "y-model", "--parent", "y-model:1")).Code.ShouldBe(0);

        (await RunAsync("models", "transition", "y-model", "1", "staging", "--reason", "backtest ok")).Code.ShouldBe(0);
        (await RunAsync("models", "transition", "y-model", "2", "production", "--reason", "skip")).Code.ShouldBe(2);
        var lineage = await RunAsync("models", "lineage", "y-model", "2", "--json");
        var list = await RunAsync("models", "list", "--json");

        lineage.Out.ShouldContain("\"version\": 1");
        using var json = JsonDocument.Parse(list.Out);
        json.RootElement.GetArrayLength().ShouldBe(2);
        Directory.GetFiles(artifacts, "*.checkpoint.json").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Drift_between_two_halves_is_reported_and_recorded()
    {
        var (code, output, _) = await RunAsync("forecast", "drift", "--reference", Data, "--split", "1989Q4", "--json");

        code.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("features").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Curriculum_orders_the_requested_number_of_spans()
    {
        var (code, output, _) = await RunAsync("forecast", "curriculum", "--data", Data, "--target", "y", "--count", "3", "--json");

        code.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("steps").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Mlp_training_logs_each_epoch_in_the_run_store_and_a_divergence_fails_the_run_with_its_kind()
    {
        var artifacts = _folder.File("models");
        var ok = await RunAsync("forecast", "train", "--data", Data, "--target", "y", "--model", "mlp", "--epochs", "4", "--artifacts", artifacts, "--json");
        var bad = await RunAsync("forecast", "train", "--data", Data, "--target", "y", "--model", "mlp", "--epochs", "4", "--learning-rate", "1e300", "--artifacts", artifacts, "--run", "exploding");

        ok.Code.ShouldBe(0);
        bad.Code.ShouldBe(1);
        bad.Err.ShouldContain("diverged");
        await using var db = Storage.RuleForgeDatabase.Open(Db);
        using var json = JsonDocument.Parse(ok.Out);
        var events = await db.Runs.GetEventsAsync(json.RootElement.GetProperty("runId").GetString()!, default);
        events.Count(e => e.Kind == "epoch").ShouldBe(4);
        (await db.Runs.GetEventsAsync("exploding", default)).ShouldContain(e => e.Kind == "diverged" && e.DataJson!.Contains("nonFinite"));
        (await db.Runs.GetRunAsync("exploding", default))!.Status.ShouldBe(Core.Stores.RunStatus.Failed);
    }

    public void Dispose() => _folder.Dispose();
}
