using System.Text.Json;
using RuleForge.Cli.Tests.Support;
using RuleForge.Testing.Chat;
using RuleForge.Testing.Rtec;
using Xunit.Abstractions;

namespace RuleForge.Cli.Tests.EventCalculus;

public sealed class EcLoopCliTests(ITestOutputHelper output) : ChatCliTestBase
{
    // Our own small reference definitions (not the published ones).
    private const string Reference = RtecSamples.GapReference + "\n" + """
        initiatedAt(lowSpeed(V)=true, T) :- happensAt(slow_motion_start(V), T).
        terminatedAt(lowSpeed(V)=true, T) :- happensAt(slow_motion_end(V), T).
        """;

    private static readonly string Good = RtecSamples.Fenced(RtecSamples.GapDefinition);

    private static readonly string WrongLiteral = RtecSamples.Fenced(RtecSamples.GapWrongLiteral);

    private string[] Loop(string reference, params string[] extra) =>
        ["ec", "loop", "--domain", "msa", "--activities", "gap", "--reference", reference, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--json",
            .. extra.Contains("--max-iterations") ? Array.Empty<string>() : ["--max-iterations", "3", "--threshold", "0.99"], .. extra];

    [Fact]
    public async Task Contract_a_better_second_reply_is_kept_as_best()
    {
        WrongLiteral.ShouldNotBe(Good);
        var r = Cli.WriteFile("r.pl", Reference);
        Server.Enqueue(ScriptedReply.Reply(WrongLiteral, 1200, 150), ScriptedReply.Reply(Good, 1400, 150));
        var results = Path.Combine(Cli.Folder, "results.json");
        var json = (await Cli.RunAsync(Loop(r, "--out", results))).Json();
        var runId = json.GetProperty("runId").GetString()!;
        var gap = json.GetProperty("activities").EnumerateArray().Single();
        gap.GetProperty("name").GetString().ShouldBe("gap");
        gap.GetProperty("bestScore").GetDouble().ShouldBe(1.0);
        gap.GetProperty("bestIteration").GetInt32().ShouldBe(2);
        gap.GetProperty("iterations").GetInt32().ShouldBe(2);
        gap.GetProperty("converged").GetBoolean().ShouldBeTrue();
        gap.GetProperty("stopReason").GetString().ShouldBe("threshold");
        Server.RequestCount.ShouldBe(2);
        Server.Requests[1].LastUserMessage.ShouldContain("Your previous definition of `gap`");

        File.Exists(results).ShouldBeTrue();
        JsonDocument.Parse(File.ReadAllText(results)).RootElement.GetProperty("runId").GetString().ShouldBe(runId);
        File.ReadAllText(Path.ChangeExtension(results, ".svg")).ShouldContain("<polyline");

        var show = await Cli.RunAsync("runs", "show", runId);
        show.Code.ShouldBe(0, show.Error);
        output.WriteLine(show.Out);
        show.Out.ShouldContain("per-activity convergence");
        show.Out.ShouldContain("gap");
        show.Out.ShouldContain("2900"); // tokens: 1200+150 and 1400+150 as the server reported them

        var child = gap.GetProperty("runId").GetString()!;
        child.ShouldBe(runId); // a single activity is learned in the run itself
        var iterations = (await Cli.RunAsync("runs", "show", child, "--json")).Json().GetProperty("iterations").EnumerateArray().ToList();
        iterations.Count.ShouldBe(2);
        iterations[1].GetProperty("score").GetDouble().ShouldBe(1.0);
        iterations[0].GetProperty("feedback").GetString()!.ShouldContain("gap/initiatedAt");
        iterations[0].GetProperty("promptHash").GetString()!.Length.ShouldBe(64);
        iterations[0].GetProperty("promptHash").GetString().ShouldNotBe(iterations[1].GetProperty("promptHash").GetString());
        iterations[1].GetProperty("response").GetString()!.ShouldContain("```prolog");
        iterations[1].GetProperty("usage").GetProperty("promptTokens").GetInt64().ShouldBe(1400);
        iterations[1].GetProperty("metrics").GetProperty("simlp").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task Replaying_a_recording_gives_the_same_result_without_a_server()
    {
        var r = Cli.WriteFile("r.pl", Reference);
        var record = Path.Combine(Cli.Folder, "rec.jsonl");
        Server.Enqueue(ScriptedReply.Reply(WrongLiteral), ScriptedReply.Reply(Good));
        var recorded = (await Cli.RunAsync(Loop(r, "--record", record))).Json();

        using var replayCli = new CliRunner();
        var replayed = (await replayCli.RunAsync(["ec", "loop", "--domain", "msa", "--activities", "gap", "--reference", r, "--provider", "openai", "--model", "m", "--max-iterations", "3", "--threshold", "0.99", "--json", "--replay", record])).Json();
        var a = recorded.GetProperty("activities")[0];
        var b = replayed.GetProperty("activities")[0];
        b.GetProperty("bestScore").GetDouble().ShouldBe(a.GetProperty("bestScore").GetDouble());
        b.GetProperty("bestIteration").GetInt32().ShouldBe(2);
        Server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task Bad_replies_are_repaired_counted_and_the_run_does_not_crash()
    {
        var r = Cli.WriteFile("r.pl", Reference);
        Server.Enqueue(
            ScriptedReply.Reply("The gap fluent holds while the vessel is silent."), // no code block
            ScriptedReply.Reply("```prolog\ninitiatedAt(gap(V)=nearPorts, T) :- happensAt(gap_start(V), T\n```"), // still broken: syntax error
            ScriptedReply.Reply(""), // empty
            ScriptedReply.Reply("Here you go:\n" + Good)); // prose around code, usable
        var json = (await Cli.RunAsync(Loop(r, "--max-iterations", "2", "--threshold", "1.5"))).Json();
        var gap = json.GetProperty("activities")[0];
        gap.GetProperty("iterations").GetInt32().ShouldBe(2);
        gap.GetProperty("bestIteration").GetInt32().ShouldBe(2);
        gap.GetProperty("repairs").GetInt32().ShouldBe(2);
        var problems = gap.GetProperty("replyProblems");
        problems.GetProperty("noCodeBlock").GetInt32().ShouldBe(1);
        problems.GetProperty("syntaxError").GetInt32().ShouldBe(1);
        problems.GetProperty("empty").GetInt32().ShouldBe(1);
        problems.GetProperty("proseAroundCode").GetInt32().ShouldBe(1);
        Server.Requests[1].LastUserMessage.ShouldContain("no fenced ```prolog code block");
    }

    [Fact]
    public async Task Memory_commands_list_show_and_clear_accepted_definitions()
    {
        var r = Cli.WriteFile("r.pl", Reference);
        Server.Enqueue(ScriptedReply.Reply(Good));
        (await Cli.RunAsync(Loop(r))).Json();
        var list = (await Cli.RunAsync("ec", "memory", "list", "--json")).Json().EnumerateArray().ToList();
        list.Single().GetProperty("fluent").GetString().ShouldBe("gap");
        list.Single().GetProperty("score").GetDouble().ShouldBe(1.0);
        var show = await Cli.RunAsync("ec", "memory", "show", "gap", "--domain", "msa");
        show.Out.ShouldContain("happensAt(gap_start(Vessel), T)");
        (await Cli.RunAsync("ec", "memory", "clear", "--domain", "msa", "--json")).Json().GetProperty("cleared").GetInt32().ShouldBe(1);
        (await Cli.RunAsync("ec", "memory", "show", "gap", "--domain", "msa")).Code.ShouldBe(2);
        (await Cli.RunAsync("ec", "memory", "clear")).Code.ShouldBe(2);
    }

    [Fact]
    public async Task All_learns_the_referenced_activities_in_dependency_order_and_skips_the_rest()
    {
        var r = Cli.WriteFile("r.pl", Reference);
        var lowSpeed = "```prolog\ninitiatedAt(lowSpeed(V)=true, T) :- happensAt(slow_motion_start(V), T).\nterminatedAt(lowSpeed(V)=true, T) :- happensAt(slow_motion_end(V), T).\n```";
        Server.Enqueue(ScriptedReply.Reply(Good), ScriptedReply.Reply(lowSpeed));
        var json = (await Cli.RunAsync(["ec", "loop", "--domain", "msa", "--activities", "all", "--reference", r, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--json"])).Json();
        var learned = json.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("stopReason").GetString() != "noReference").Select(a => a.GetProperty("name").GetString()).ToList();
        learned.ShouldBe(["gap", "lowSpeed"]);
        json.GetProperty("activities").GetArrayLength().ShouldBe(21);
        json.GetProperty("warnings").EnumerateArray().ShouldContain(w => w.GetString()!.StartsWith("rendezVous: the reference has no definition", StringComparison.Ordinal));
        Server.Requests[1].LastUserMessage.ShouldContain("The accepted definition of `gap`");
    }

    [Fact]
    public async Task Bad_input_is_reported_with_exit_code_2()
    {
        var r = Cli.WriteFile("r.pl", Reference);
        var unknown = await Cli.RunAsync(["ec", "loop", "--domain", "msa", "--activities", "flying", "--reference", r, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString()]);
        unknown.Code.ShouldBe(2);
        unknown.Error.ShouldContain("'flying' is not in the msa catalogue");
        var missing = await Cli.RunAsync(["ec", "loop", "--domain", "msa", "--activities", "rendezVous", "--reference", r, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString()]);
        missing.Code.ShouldBe(2);
        missing.Error.ShouldContain("no definition of 'rendezVous'");
        var noFile = await Cli.RunAsync(Loop(Path.Combine(Cli.Folder, "none.pl")));
        noFile.Code.ShouldBe(2);
        Server.RequestCount.ShouldBe(0);
    }
}
