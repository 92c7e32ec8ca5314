using RuleForge.Cli.Tests.Support;
using RuleForge.Core.Stores;
using RuleForge.Storage;
using RuleForge.Testing.Chat;
using RuleForge.Testing.Rtec;

namespace RuleForge.Cli.Tests.EventCalculus;

/// <summary><c>ruleforge runs resume</c> for <c>ec loop</c> runs: same settings and memory as stored with the run, iterations continue.</summary>
public sealed class EcLoopResumeTests : ChatCliTestBase, IDisposable
{
    private const string WithinArea = RtecSamples.WithinAreaReference;

    private static readonly string Good = RtecSamples.Fenced(RtecSamples.GapDefinition);

    private static readonly string Wrong = RtecSamples.Fenced(RtecSamples.GapWrongLiteral);

    private readonly CliRunner uninterrupted = new();

    public void Dispose() => uninterrupted.Dispose();

    [Fact]
    public async Task An_interrupted_run_resumes_at_its_next_iteration_with_its_stored_settings_and_memory_and_ends_like_an_uninterrupted_one()
    {
        Wrong.ShouldNotBe(Good);

        // Replies repeat, so the response cache is off (a repeated prompt would be answered from it).
        // Uninterrupted: withinArea into memory, then four gap iterations (the fourth reply is right).
        var reference = uninterrupted.WriteFile("r.pl", WithinArea + "\n" + RtecSamples.GapReference);
        await LearnWithinAreaAsync(uninterrupted, reference);
        var first = Server.RequestCount;
        Server.Enqueue(ScriptedReply.Reply(Wrong), ScriptedReply.Reply(Wrong), ScriptedReply.Reply(Wrong), ScriptedReply.Reply(Good));
        var whole = (await uninterrupted.RunAsync(Gap(reference, "--temperature", "0.3", "--llm-seed", "7"))).Json().GetProperty("activities")[0];
        var wholeRequests = Server.Requests.Skip(first).ToList();
        whole.GetProperty("iterations").GetInt32().ShouldBe(4, whole.ToString());

        // Interrupted after two iterations: the third request fails.
        reference = Cli.WriteFile("r.pl", WithinArea + "\n" + RtecSamples.GapReference);
        await LearnWithinAreaAsync(Cli, reference);
        first = Server.RequestCount;
        Server.Enqueue(ScriptedReply.Reply(Wrong), ScriptedReply.Reply(Wrong), ScriptedReply.BadRequest());
        var broken = await Cli.RunAsync(Gap(reference, "--temperature", "0.3", "--llm-seed", "7"));
        broken.Code.ShouldBe(1, broken.Error);
        var runId = System.Text.Json.JsonDocument.Parse(broken.Out).RootElement.GetProperty("runId").GetString()!;
        var stopped = (await Cli.RunAsync("runs", "show", runId, "--json")).Json();
        stopped.GetProperty("iterations").GetArrayLength().ShouldBe(2);

        // Another model is refused before any call: one run, one model.
        var beforeRefusal = Server.RequestCount;
        var otherModel = await Cli.RunAsync("runs", "resume", runId, "--model", "other", "--base-url", Server.OpenAiBaseUrl.ToString(), "--no-cache");
        otherModel.Code.ShouldBe(2);
        otherModel.Error.ShouldContain($"run '{runId}' was made with openai/m; it cannot continue with openai/other");

        // Memory changes in between: the resumed prompts still carry the withinArea definition the run started with.
        // No model flags: the run continues with the provider and model it was made with.
        (await Cli.RunAsync("ec", "memory", "clear", "--domain", "msa")).Code.ShouldBe(0);
        var resumedFrom = Server.RequestCount;
        resumedFrom.ShouldBe(beforeRefusal);
        Server.Enqueue(ScriptedReply.Reply(Wrong), ScriptedReply.Reply(Good));
        var resumed = (await Cli.RunAsync("runs", "resume", runId, "--base-url", Server.OpenAiBaseUrl.ToString(), "--no-cache", "--json")).Json();

        resumed.GetProperty("runId").GetString().ShouldBe(runId);
        var gap = resumed.GetProperty("activities")[0];
        foreach (var field in new[] { "bestScore", "bestIteration", "iterations", "converged", "stopReason", "scores", "accepted", "repairs" })
        {
            gap.GetProperty(field).ToString().ShouldBe(whole.GetProperty(field).ToString(), field);
        }

        gap.GetProperty("iterations").GetInt32().ShouldBe(4);
        gap.GetProperty("bestIteration").GetInt32().ShouldBe(4);
        var numbers = (await Cli.RunAsync("runs", "show", runId, "--json")).Json().GetProperty("iterations").EnumerateArray().Select(i => i.GetProperty("number").GetInt32());
        numbers.ShouldBe([1, 2, 3, 4]);
        var resumedRequests = Server.Requests.Skip(resumedFrom).ToList();
        resumedRequests.Count.ShouldBe(2);
        for (var i = 0; i < 2; i++)
        {
            resumedRequests[i].Messages.ShouldBe(wholeRequests[i + 2].Messages);
            resumedRequests[i].Temperature.ShouldBe(wholeRequests[i + 2].Temperature);
            resumedRequests[i].Seed.ShouldBe(7);
        }

        resumedRequests[0].LastUserMessage.ShouldContain("withinArea(V, AT)=true");
        Server.Requests[first].Messages.ShouldBe(wholeRequests[0].Messages);
    }

    [Theory]
    [InlineData("""{"domain":"msa","activities":["gap"]}""", "run 'ec-old' was made by an older ruleforge that did not store its ec loop settings, so it cannot be resumed; start it again with ruleforge ec loop")]
    [InlineData("""{"parentRunId":"ec-parent","domain":"msa","activity":"gap"}""", "run 'ec-old' learns one activity of ec loop run 'ec-parent'; resume that run")]
    public async Task A_run_that_cannot_be_resumed_is_refused_with_a_clear_message(string parameters, string message)
    {
        await using (var db = RuleForgeDatabase.Open(Cli.Db))
        {
            await db.Runs.CreateRunAsync(new RunRecord { Id = "ec-old", Domain = "event-calculus", Target = "msa:gap", ParametersJson = parameters }, default);
        }

        var result = await Cli.RunAsync("runs", "resume", "ec-old", "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString());

        result.Code.ShouldBe(2);
        result.Error.ShouldContain(message);
        Server.RequestCount.ShouldBe(0);
    }

    private string[] Gap(string reference, params string[] extra) =>
        ["ec", "loop", "--domain", "msa", "--activities", "gap", "--reference", reference, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--json",
            "--max-iterations", "4", "--threshold", "0.99", "--patience", "4", "--no-cache", .. extra];

    private async Task LearnWithinAreaAsync(CliRunner cli, string reference)
    {
        Server.Enqueue(ScriptedReply.Reply(RtecSamples.Fenced(WithinArea)));
        var json = (await cli.RunAsync(["ec", "loop", "--domain", "msa", "--activities", "withinArea", "--reference", reference, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--json", "--max-iterations", "1"])).Json();
        json.GetProperty("activities")[0].GetProperty("accepted").GetBoolean().ShouldBeTrue((await cli.RunAsync("runs", "show", json.GetProperty("runId").GetString()!, "--json")).Out);
    }
}
