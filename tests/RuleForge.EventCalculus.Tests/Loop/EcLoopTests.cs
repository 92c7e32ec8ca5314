using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Stores;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Learning;
using RuleForge.EventCalculus.Memory;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.Replies;
using RuleForge.EventCalculus.Tests.Support;
using RuleForge.Storage;
using RuleForge.Testing;
using RuleForge.Testing.Rtec;

namespace RuleForge.EventCalculus.Tests.Loop;

public sealed class EcLoopTests : IAsyncDisposable
{
    // Our own small reference: a few msa fluents, written for these tests.
    private const string Reference = RtecSamples.WithinAreaReference + "\n" + RtecSamples.GapReference + "\n" + """
        initiatedAt(trawlSpeed(V)=true, T) :- happensAt(velocity(V, S, _, _), T), thresholds(trawlspeedMin, Mn), thresholds(trawlspeedMax, Mx), inRange(S, Mn, Mx), holdsAt(withinArea(V, fishing)=true, T).
        terminatedAt(trawlSpeed(V)=true, T) :- happensAt(gap_start(V), T).
        initiatedAt(trawlingMovement(V)=true, T) :- happensAt(change_in_heading(V), T), holdsAt(withinArea(V, fishing)=true, T).
        terminatedAt(trawlingMovement(V)=true, T) :- happensAt(end(withinArea(V, fishing)=true), T).
        holdsFor(trawling(V)=true, I) :- holdsFor(trawlSpeed(V)=true, I1), holdsFor(trawlingMovement(V)=true, I2), intersect_all([I1, I2], I0), thresholds(trawlingTime, D), intDurGreater(I0, D, I).
        """;

    private const string GoodGap = RtecSamples.GapDefinition;

    // One wrong body literal: the nearPorts rule starts with gap_end instead of gap_start.
    private static readonly string WrongLiteralGap = GoodGap.Replace("nearPorts, T) :-\n    happensAt(gap_start(", "nearPorts, T) :-\n    happensAt(gap_end(", StringComparison.Ordinal);

    private readonly TempFolder temp = new();
    private readonly RuleForgeDatabase db;
    private readonly DomainPack msa = DomainPackLoader.Load("msa");

    public EcLoopTests() => db = RuleForgeDatabase.Open(temp.File("t.db"));

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        temp.Dispose();
    }

    private async Task<EcLoopResult> Run(ScriptedChat chat, string activities, int maxIterations = 3, double threshold = 0.99, bool withPrerequisites = false, int samples = 1, double accept = 0.9, string? resume = null)
    {
        var generator = new ActivityGenerator(chat, new PromptBuilder(msa), new ReplyParser(msa), new ActivityGeneratorOptions { Samples = samples });
        var loop = new EcLoop(generator, new ActivityEvaluator(), db.Runs, new RuleKb(db.Rules));
        return await loop.RunAsync(new EcLoopRequest
        {
            Pack = msa,
            Activities = activities.Split(','),
            Reference = PrologReader.Parse(Reference, "reference", RuleForge.EventCalculus.SimLp.SimLp.ReadOptions),
            WithPrerequisites = withPrerequisites,
            Loop = new FeedbackLoopOptions { MaxIterations = maxIterations, Threshold = threshold, Patience = 2 },
            AcceptThreshold = accept,
            RunId = resume,
            Resume = resume is not null,
        }, CancellationToken.None);
    }

    [Fact]
    public async Task Resuming_keeps_finished_activities_and_continues_the_interrupted_one_in_its_own_run()
    {
        // withinArea converges at once; gap's second request finds no reply, so the run fails there.
        var first = new ScriptedChat(ScriptedChat.Fenced(RtecSamples.WithinAreaReference), ScriptedChat.Fenced(WrongLiteralGap));
        var broken = await Run(first, "withinArea,gap");
        broken.Activities[1].StopReason.ShouldBe("error");
        var gapRun = broken.Activities[1].RunId!;
        (await db.Runs.GetIterationsAsync(gapRun, CancellationToken.None)).Count.ShouldBe(1);

        var second = new ScriptedChat(ScriptedChat.Fenced(GoodGap));
        var resumed = await Run(second, "withinArea,gap", resume: broken.RunId);

        resumed.RunId.ShouldBe(broken.RunId);
        var within = resumed.Activities[0];
        within.RunId.ShouldBe(broken.Activities[0].RunId);
        within.Iterations.ShouldBe(1);
        within.Accepted.ShouldBeTrue();
        var gap = resumed.Activities[1];
        gap.RunId.ShouldBe(gapRun);
        gap.Scores.Count.ShouldBe(2);
        gap.BestIteration.ShouldBe(2);
        gap.StopReason.ShouldBe("threshold");
        (await db.Runs.GetIterationsAsync(gapRun, CancellationToken.None)).Select(i => i.Number).ShouldBe([1, 2]);
        second.Requests.Count.ShouldBe(1);
        second.User(1).ShouldContain("Your previous definition of `gap` (attempt 1)");
        second.User(1).ShouldBe(first.User(3)); // the request the interruption lost, asked again
        (await db.Runs.GetRunAsync(broken.RunId, CancellationToken.None))!.Status.ShouldBe(RunStatus.Completed);
    }

    [Fact]
    public async Task A_better_second_reply_is_kept_as_best_and_the_refinement_carries_the_feedback()
    {
        var chat = new ScriptedChat(ScriptedChat.Fenced(WrongLiteralGap), ScriptedChat.Fenced(GoodGap));
        var result = await Run(chat, "gap");
        var gap = result.Activities.Single();
        gap.Scores.Count.ShouldBe(2);
        gap.Scores[0].ShouldBeLessThan(1);
        gap.BestScore.ShouldBe(1.0);
        gap.BestIteration.ShouldBe(2);
        gap.Converged.ShouldBeTrue();
        gap.StopReason.ShouldBe("threshold");
        gap.Improvement!.Value.ShouldBeGreaterThan(0);
        gap.Tokens.ShouldBe(240);

        var refine = chat.User(2);
        refine.ShouldContain("Your previous definition of `gap` (attempt 1)");
        refine.ShouldContain("happensAt(gap_end(Vessel), T),\n    holdsAt(withinArea(Vessel, nearPorts)");
        refine.ShouldContain("gap/initiatedAt");
        chat.User(1).ShouldNotContain("previous definition");
    }

    [Fact]
    public async Task A_worse_second_reply_does_not_replace_the_best()
    {
        var chat = new ScriptedChat(ScriptedChat.Fenced(GoodGap), ScriptedChat.Fenced(WrongLiteralGap));
        var result = await Run(chat, "gap", maxIterations: 2, threshold: 1.01);
        var gap = result.Activities.Single();
        gap.BestIteration.ShouldBe(1);
        gap.FinalScore!.Value.ShouldBeLessThan(gap.BestScore);
        gap.StopReason.ShouldBe("maxIterations");
        (await new RuleKb(db.Rules).GetAsync("msa", "gap", CancellationToken.None))!.Definition.ShouldContain("gap_start(Vessel), T),\n    holdsAt");
    }

    [Fact]
    public async Task The_first_iteration_score_is_SimLP_restricted_to_the_activity_partitions()
    {
        var chat = new ScriptedChat(ScriptedChat.Fenced(WrongLiteralGap + "\nholdsFor(extra(V)=true, I) :- holdsFor(lowSpeed(V)=true, I)."));
        var result = await Run(chat, "gap", maxIterations: 1);
        var full = RuleForge.EventCalculus.SimLp.SimLp.Compare(WrongLiteralGap, Reference);
        var gapParts = full.Partitions.Where(p => p.Key.StartsWith("gap/", StringComparison.Ordinal)).ToList();
        gapParts.Count.ShouldBe(2);
        result.Activities.Single().Scores[0].ShouldBe(gapParts.Average(p => p.Similarity));
        result.Activities.Single().Scores[0].ShouldBe(RuleForge.EventCalculus.SimLp.SimLp.Compare(WrongLiteralGap, string.Join("\n", Reference.Split('\n').Where(l => l.Contains("(gap(", StringComparison.Ordinal)))).Similarity);
    }

    [Fact]
    public async Task A_reply_without_code_is_repaired_once_and_counted()
    {
        var chat = new ScriptedChat("Sure! The gap fluent starts when the transponder goes silent.", ScriptedChat.Fenced(GoodGap));
        var result = await Run(chat, "gap");
        var gap = result.Activities.Single();
        gap.BestScore.ShouldBe(1.0);
        gap.BestIteration.ShouldBe(1);
        gap.Repairs.ShouldBe(1);
        gap.ReplyProblems["noCodeBlock"].ShouldBe(1);
        chat.Requests.Count.ShouldBe(2);
        var repair = chat.Requests[1].Messages;
        repair[^2].Role.ShouldBe(ChatRole.Assistant);
        repair[^2].Content.ShouldStartWith("Sure!");
        repair[^1].Content.ShouldContain("no fenced ```prolog code block");
    }

    [Fact]
    public async Task Unparsable_definitions_score_zero_and_are_never_best_or_remembered()
    {
        var broken = ScriptedChat.Fenced("initiatedAt(gap(V)=nearPorts, T) :- happensAt(gap_start(V), T");
        var chat = new ScriptedChat(broken, broken, "", "");
        var result = await Run(chat, "gap", maxIterations: 2, accept: 0);
        var gap = result.Activities.Single();
        gap.Iterations.ShouldBe(2);
        gap.Scores.ShouldBe([0.0, 0.0]);
        gap.BestIteration.ShouldBeNull();
        gap.BestScore.ShouldBe(0);
        gap.Accepted.ShouldBeFalse();
        gap.Repairs.ShouldBe(2);
        gap.ReplyProblems["syntaxError"].ShouldBe(1);
        gap.ReplyProblems["empty"].ShouldBe(1);
        (await new RuleKb(db.Rules).GetAsync("msa", "gap", CancellationToken.None)).ShouldBeNull();
        var iterations = await db.Runs.GetIterationsAsync(gap.RunId!, CancellationToken.None);
        iterations[0].Evaluation.Metrics["valid"].ShouldBe(0);
        iterations[0].Candidate.RawResponse!.ShouldContain("<!-- repair request: SyntaxError -->");
    }

    [Fact]
    public async Task A_definition_of_another_fluent_is_sent_back_for_repair()
    {
        var chat = new ScriptedChat(ScriptedChat.Fenced("initiatedAt(stopped(V)=true, T) :- happensAt(stop_start(V), T)."), ScriptedChat.Fenced(GoodGap));
        var gap = (await Run(chat, "gap")).Activities.Single();
        gap.BestScore.ShouldBe(1.0);
        gap.ReplyProblems["wrongFluent"].ShouldBe(1);
        chat.Requests[1].Messages[^1].Content.ShouldContain("defines `stopped` but not `gap`");
    }

    [Fact]
    public async Task Invented_predicates_are_scored_counted_and_named_in_the_next_prompt()
    {
        var invented = GoodGap.Replace("holdsAt(withinArea(Vessel, nearPorts)=true, T).", "nearPort(Vessel).", StringComparison.Ordinal);
        var chat = new ScriptedChat("Here it is:\n" + ScriptedChat.Fenced(invented), ScriptedChat.Fenced(GoodGap));
        var gap = (await Run(chat, "gap")).Activities.Single();
        gap.Scores[0].ShouldBeGreaterThan(0);
        gap.Scores[0].ShouldBeLessThan(1);
        gap.Repairs.ShouldBe(0);
        gap.ReplyProblems["inventedPredicate"].ShouldBe(1);
        gap.ReplyProblems["proseAroundCode"].ShouldBe(1);
        chat.Requests.Count.ShouldBe(2);
        chat.User(2).ShouldContain("`nearPort/1` is not declared in the domain");
        chat.User(2).ShouldContain("text outside the code block");
    }

    [Fact]
    public async Task Accepted_definitions_are_injected_into_dependent_prompts_in_dependency_order()
    {
        var within = """
            initiatedAt(withinArea(V, AT)=true, T) :- happensAt(entersArea(V, A), T), areaType(A, AT).
            terminatedAt(withinArea(V, AT)=true, T) :- happensAt(leavesArea(V, A), T), areaType(A, AT).
            """;
        var chat = new ScriptedChat(ScriptedChat.Fenced(within), ScriptedChat.Fenced(GoodGap));
        var result = await Run(chat, "gap,withinArea");
        result.Order.ShouldBe(["withinArea", "gap"]);
        chat.User(1).ShouldContain("definition of the simple fluent `withinArea`");
        chat.User(2).ShouldContain("definition of the simple fluent `gap`");
        chat.User(2).ShouldContain("The accepted definition of `withinArea`");
        chat.User(2).ShouldContain("happensAt(entersArea(V, A), T)");
        result.Activities.ShouldAllBe(a => a.Accepted);
        result.Warnings.ShouldBeEmpty();

        var entries = await new RuleKb(db.Rules).ListAsync("msa", CancellationToken.None);
        entries.Select(e => e.Fluent).ShouldBe(["gap", "withinArea"]);
        entries.ShouldAllBe(e => e.Score == 1.0 && e.Model == "test-model" && e.RunId != null);
    }

    [Fact]
    public async Task Missing_prerequisites_are_warned_and_named_in_the_prompt()
    {
        var chat = new ScriptedChat(ScriptedChat.Fenced(GoodGap));
        var result = await Run(chat, "gap");
        result.Warnings.Single().ShouldContain("withinArea");
        result.Warnings.Single().ShouldContain("--with-prerequisites");
        chat.User(1).ShouldContain("Not yet defined (no accepted definition): `withinArea`");
        var events = await db.Runs.GetEventsAsync(result.RunId, CancellationToken.None);
        events.ShouldContain(e => e.Kind == "warning" && e.Message.Contains("withinArea"));
    }

    [Fact]
    public async Task With_prerequisites_missing_ones_are_generated_first()
    {
        string Def(string f) => string.Join("\n", Reference.Split('\n').Where(l => l.Contains($"({f}(", StringComparison.Ordinal)));
        var chat = new ScriptedChat(ScriptedChat.Fenced(Def("withinArea")), ScriptedChat.Fenced(GoodGap), ScriptedChat.Fenced(Def("trawlSpeed")), ScriptedChat.Fenced(Def("trawlingMovement")), ScriptedChat.Fenced(Def("trawling")));
        var result = await Run(chat, "trawling", withPrerequisites: true);
        result.Order.ShouldBe(["withinArea", "gap", "trawlSpeed", "trawlingMovement", "trawling"]);
        result.Activities.ShouldAllBe(a => a.BestScore == 1.0 && a.Accepted);
        result.Warnings.ShouldBeEmpty(); // each prerequisite was accepted before the activities that use it
        chat.User(5).ShouldContain("The accepted definition of `trawlSpeed`");
        chat.User(5).ShouldContain("The accepted definition of `trawlingMovement`");
        chat.User(5).ShouldNotContain("Not yet defined");
    }

    [Fact]
    public async Task Memory_keeps_the_better_definition()
    {
        await Run(new ScriptedChat(ScriptedChat.Fenced(GoodGap)), "gap");
        var kb = new RuleKb(db.Rules);
        var first = (await kb.GetAsync("msa", "gap", CancellationToken.None))!;
        await Run(new ScriptedChat(ScriptedChat.Fenced(WrongLiteralGap)), "gap", maxIterations: 1, accept: 0);
        var after = (await kb.GetAsync("msa", "gap", CancellationToken.None))!;
        after.Version.ShouldBe(first.Version);
        after.Score.ShouldBe(1.0);
        (await kb.ClearAsync("msa", null, CancellationToken.None)).ShouldBe(1);
        (await kb.GetAsync("msa", "gap", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task With_samples_the_most_self_consistent_candidate_is_kept()
    {
        var odd = ScriptedChat.Fenced("initiatedAt(gap(V)=nearPorts, T) :- happensAt(stop_start(V), T).\nterminatedAt(gap(V)=_S, T) :- happensAt(stop_end(V), T).");
        var chat = new ScriptedChat(odd, ScriptedChat.Fenced(GoodGap), ScriptedChat.Fenced(GoodGap));
        var gap = (await Run(chat, "gap", maxIterations: 1, samples: 3)).Activities.Single();
        gap.BestScore.ShouldBe(1.0);
        gap.Tokens.ShouldBe(360);
        chat.Requests.Select(r => r.Seed).ShouldBe([0L, 1L, 2L]);
    }

    [Fact]
    public async Task An_activity_missing_from_the_reference_is_bad_input()
    {
        var e = await Should.ThrowAsync<InputException>(() => Run(new ScriptedChat(), "rendezVous"));
        e.Message.ShouldContain("rendezVous");
    }
}
