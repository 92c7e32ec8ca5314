using RuleForge.Cli.Tests.Support;

namespace RuleForge.Cli.Tests.Metrics;

public sealed class MetricsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Recorded_metrics_show_in_history()
    {
        (await _cli.RunAsync("metrics", "record", "--subject", "rule:r1@1", "--metric", "f1=0.8", "--metric", "rmse=1.5", "--context", "dataset=credit-g")).Code.ShouldBe(0);

        var history = (await _cli.RunAsync("metrics", "history", "--subject", "rule:r1@1", "--name", "f1", "--json")).Json();

        history.GetArrayLength().ShouldBe(1);
        history[0].GetProperty("value").GetDouble().ShouldBe(0.8);
        history[0].GetProperty("context").GetProperty("dataset").GetString().ShouldBe("credit-g");
    }

    [Fact]
    public async Task Compare_gives_an_overall_verdict()
    {
        await _cli.RunAsync("metrics", "record", "-s", "model:a", "-m", "rmse=2", "-m", "r2=0.5");
        await _cli.RunAsync("metrics", "record", "-s", "model:b", "-m", "rmse=1", "-m", "r2=0.7");

        var json = (await _cli.RunAsync("metrics", "compare", "--base", "model:a", "--with", "model:b", "--json")).Json();
        var text = await _cli.RunAsync("metrics", "compare", "--base", "model:a", "--with", "model:b");

        json.GetProperty("others")[0].GetProperty("verdict").GetString().ShouldBe("improved");
        text.Out.ShouldContain("model:b vs model:a: improved");
    }

    [Fact]
    public async Task Summary_lists_statistics_per_metric()
    {
        foreach (var (s, v) in new[] { ("run:1", "0.5"), ("run:2", "0.7"), ("run:3", "0.9") })
        {
            await _cli.RunAsync("metrics", "record", "-s", s, "-m", $"f1={v}");
        }

        var json = (await _cli.RunAsync("metrics", "summary", "--json")).Json();

        json[0].GetProperty("median").GetDouble().ShouldBe(0.7, 1e-12);
        json[0].GetProperty("count").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task A_bad_metric_value_exits_2_naming_it()
    {
        var result = await _cli.RunAsync("metrics", "record", "-s", "run:1", "-m", "f1=high");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("f1=high");
    }

    [Fact]
    public async Task A_bad_subject_exits_2_showing_the_form()
    {
        var result = await _cli.RunAsync("metrics", "record", "-s", "nocolon", "-m", "f1=1");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("kind:id");
    }
}
