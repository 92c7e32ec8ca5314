using RuleForge.Cli.Tests.Support;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Storage;

namespace RuleForge.Cli.Tests.Runs;

public sealed class RunsCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Show_prints_status_stop_reason_and_iterations()
    {
        await using (var db = RuleForgeDatabase.Open(_cli.Db))
        {
            await db.Runs.CreateRunAsync(new RunRecord { Id = "run1", Domain = "tabular", Target = "class" }, default);
            await db.Runs.AppendIterationAsync("run1", new Iteration
            {
                Number = 1,
                Candidate = new Candidate { Generator = "ripper", Rules = RuleSet.Empty("class") },
                Evaluation = new Evaluation { Score = 0.75, Metrics = new Dictionary<string, double> { ["f1"] = 0.75 } },
                Elapsed = TimeSpan.FromMilliseconds(250),
            }, default);
            await db.Runs.CompleteRunAsync("run1", RunStatus.Completed, StopReason.Threshold, null, null, default);
        }

        var json = (await _cli.RunAsync("runs", "show", "run1", "--json")).Json();
        var list = (await _cli.RunAsync("runs", "list", "--json")).Json();

        json.GetProperty("status").GetString().ShouldBe("completed");
        json.GetProperty("stopReason").GetString().ShouldBe("threshold");
        var iteration = json.GetProperty("iterations")[0];
        iteration.GetProperty("number").GetInt32().ShouldBe(1);
        iteration.GetProperty("score").GetDouble().ShouldBe(0.75);
        iteration.GetProperty("metrics").GetProperty("f1").GetDouble().ShouldBe(0.75);
        iteration.GetProperty("generator").GetString().ShouldBe("ripper");
        iteration.GetProperty("elapsedMs").GetDouble().ShouldBe(250);
        list[0].GetProperty("id").GetString().ShouldBe("run1");
    }

    [Fact]
    public async Task Showing_an_unknown_run_exits_2()
    {
        var result = await _cli.RunAsync("runs", "show", "nope");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("nope");
    }
}
