using RuleForge.Cli.Tests.Support;
using RuleForge.Testing.Chat;

namespace RuleForge.Cli.Tests.EventCalculus;

/// <summary>A user's own domain pack (--domain-dir) and scoring with a stream (SimLP combined with the engine's predictive F1).</summary>
public sealed class EcLoopStreamTests : ChatCliTestBase
{
    private const string Pack = """
        name: switch
        title: A light switch
        events:
          - signature: up(Device)
            meaning: the switch is pushed up
          - signature: down(Device)
            meaning: the switch is pushed down
        background:
          - signature: dev(Device)
            meaning: a known device
        activities:
          - name: on
            signature: on(Device)=true
            description: The device is on from the moment its switch goes up until it goes down.
        """;

    private const string Reference = """
        initiatedAt(on(X)=true, T) :- happensAt(up(X), T).
        terminatedAt(on(X)=true, T) :- happensAt(down(X), T).
        grounding(on(X)=true) :- dev(X).
        grounding(up(X)) :- dev(X).
        grounding(down(X)) :- dev(X).
        dev(d1).
        """;

    [Fact]
    public async Task Stream_F1_is_combined_with_SimLP_using_the_weights()
    {
        Directory.CreateDirectory(Path.Combine(Cli.Folder, "packs", "switch"));
        Cli.WriteFile("packs/switch/domain.yaml", Pack);
        var reference = Cli.WriteFile("ref.pl", Reference);
        var stream = Cli.WriteFile("in.csv", "up|1|1|d1\ndown|9|9|d1\nup|12|12|d1\ndown|15|15|d1\n");
        // First reply never ends the fluent (half the SimLP partitions, too many recognised time-points); the second is right.
        Server.Enqueue(
            ScriptedReply.Reply("```prolog\ninitiatedAt(on(X)=true, T) :- happensAt(up(X), T).\n```"),
            ScriptedReply.Reply("```prolog\ninitiatedAt(on(D)=true, T) :- happensAt(up(D), T).\nterminatedAt(on(D)=true, T) :- happensAt(down(D), T).\n```"));
        var json = (await Cli.RunAsync("ec", "loop", "--domain", "switch", "--domain-dir", Path.Combine(Cli.Folder, "packs"), "--activities", "on", "--reference", reference,
            "--stream", stream, "--window", "20", "--step", "20", "--end", "20", "--simlp-weight", "1", "--stream-weight", "3",
            "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--max-iterations", "3", "--threshold", "0.99", "--json")).Json();
        var on = json.GetProperty("activities")[0];
        on.GetProperty("bestIteration").GetInt32().ShouldBe(2);
        on.GetProperty("bestScore").GetDouble().ShouldBe(1.0);

        var iterations = (await Cli.RunAsync("runs", "show", on.GetProperty("runId").GetString()!, "--json")).Json().GetProperty("iterations").EnumerateArray().ToList();
        var first = iterations[0].GetProperty("metrics");
        var simlp = first.GetProperty("simlp").GetDouble();
        var f1 = first.GetProperty("f1").GetDouble();
        simlp.ShouldBe(0.5);
        f1.ShouldBeGreaterThan(0);
        f1.ShouldBeLessThan(1);
        iterations[0].GetProperty("score").GetDouble().ShouldBe((1 * simlp + 3 * f1) / 4, 1e-12);
        iterations[1].GetProperty("metrics").GetProperty("f1").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task A_stream_without_window_options_is_bad_input()
    {
        var reference = Cli.WriteFile("ref.pl", Reference);
        var stream = Cli.WriteFile("in.csv", "up|1|1|d1\n");
        var r = await Cli.RunAsync("ec", "loop", "--domain", "msa", "--activities", "gap", "--reference", reference, "--stream", stream, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString());
        r.Code.ShouldBe(2);
        r.Error.ShouldContain("--stream needs --window");
    }
}
