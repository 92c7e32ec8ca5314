using RuleForge.Cli.Tests.Support;
using RuleForge.Testing.Chat;
using RuleForge.Testing;
using Xunit.Abstractions;

namespace RuleForge.Cli.Tests.EventCalculus;

/// <summary>
/// The acceptance property: replaying real LLM outputs (the published genRTEC files), the loop's first-iteration score
/// equals <c>ruleforge simlp</c> on the same files restricted to the activity's partitions.
/// </summary>
public sealed class EcLoopReplayConformanceTests(ITestOutputHelper output) : ChatCliTestBase
{
    public static TheoryData<string, string, string> Files() => new()
    {
        { "gpt/exp1", "msa", "gap" },
        { "claude/exp2", "msa", "gap" },
        { "gemini/exp1", "msa", "highSpeedNearCoast" },
        { "gpt/exp3", "msa", "loitering" },
        { "claude/exp1", "acr", "fighting" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task First_iteration_score_equals_simlp_on_the_activity_partitions(string model, string file, string activity)
    {
        var root = SharedData.Require(output, "rtec");
        if (root is null)
        {
            return;
        }

        var generated = Path.Combine(root, "genrtec", "rules", "llms", model, "syntactic_similarity", file + ".prolog");
        var reference = Path.Combine(root, "genrtec", "rules", "ground_truth", "syntactic_similarity", file + ".prolog");
        var simlp = (await Cli.RunAsync("simlp", generated, reference, "--json")).Json();
        var parts = simlp.GetProperty("partitions").EnumerateArray().Where(p => p.GetProperty("key").GetString()!.StartsWith(activity + "/", StringComparison.Ordinal)).ToList();
        parts.ShouldNotBeEmpty();
        var expected = parts.Average(p => p.GetProperty("similarity").GetDouble());

        var record = Path.Combine(Cli.Folder, "rec.jsonl");
        Server.Enqueue(ScriptedReply.Reply("```prolog\n" + File.ReadAllText(generated) + "\n```\n"));
        var domain = file == "acr" ? "har" : "msa";
        string[] args = ["ec", "loop", "--domain", domain, "--activities", activity, "--reference", reference, "--provider", "openai", "--model", "m", "--max-iterations", "1", "--threshold", "0.99", "--json"];
        var recorded = (await Cli.RunAsync([.. args, "--base-url", Server.OpenAiBaseUrl.ToString(), "--record", record])).Json();
        using var fresh = new CliRunner();
        var replayed = (await fresh.RunAsync([.. args, "--replay", record])).Json();
        foreach (var run in new[] { recorded, replayed })
        {
            var a = run.GetProperty("activities").EnumerateArray().Single(x => x.GetProperty("name").GetString() == activity);
            a.GetProperty("scores")[0].GetDouble().ShouldBe(expected);
        }

        output.WriteLine($"{model}/{file} {activity}: {expected}");
    }
}
