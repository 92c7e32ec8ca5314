using RuleForge.Core.Costs;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Llm.Generation;
using RuleForge.Tabular.Llm.Tests.Support;
using RuleForge.Tabular.Loop;
using RuleForge.Testing.Tabular;

namespace RuleForge.Tabular.Llm.Tests.Generation;

public sealed class LlmRuleGeneratorTests
{
    private static readonly string Good = Tables.Block("IF x >= 60 AND colour = red THEN class = pos", "DEFAULT class = neg");

    [Fact]
    public async Task A_valid_first_reply_makes_one_request_and_a_candidate_with_its_usage()
    {
        var model = new ScriptedChatModel(Good);
        var candidate = await new LlmRuleGenerator(model, LlmRuleMode.Propose).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None);

        model.Requests.Count.ShouldBe(1);
        candidate.Rules.Rules.Count.ShouldBe(2);
        candidate.Generator.ShouldBe("llm");
        candidate.Model.ShouldBe("test-model");
        candidate.Usage.Requests.ShouldBe(1);
        candidate.PromptHash.ShouldStartWith("sha256:");
    }

    [Fact]
    public async Task An_unparsable_reply_gets_exactly_one_repair_request_quoting_the_errors()
    {
        var model = new ScriptedChatModel(Tables.Block("IF z > 3 THEN class = pos", "DEFAULT class = neg"), Good);
        var candidate = await new LlmRuleGenerator(model, LlmRuleMode.Propose).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None);

        model.Requests.Count.ShouldBe(2);
        var repair = model.Requests[1].Messages;
        repair[^2].Role.ShouldBe(ChatRole.Assistant);
        repair[^2].Content.ShouldContain("IF z > 3");
        repair[^1].Content.ShouldContain("- line 1, token 2 'z': unknown column; columns are: x, y, colour");
        repair.Take(repair.Count - 2).ShouldBe(model.Requests[0].Messages);
        candidate.Usage.Requests.ShouldBe(2);
        candidate.Rules.Rules.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_second_unparsable_reply_fails_the_iteration_without_a_third_request()
    {
        var model = new ScriptedChatModel("no rules here", "still nothing");
        var error = await Should.ThrowAsync<RuleReplyException>(() => new LlmRuleGenerator(model, LlmRuleMode.Propose).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None));

        model.Requests.Count.ShouldBe(2);
        error.Message.ShouldContain("no fenced code block found");
    }

    [Fact]
    public async Task The_first_prompt_carries_schema_statistics_balance_and_a_stratified_sample()
    {
        var model = new ScriptedChatModel(Good);
        await new LlmRuleGenerator(model, LlmRuleMode.Propose).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None);

        var prompt = model.LastUserMessage(0);
        prompt.ShouldContain("- x: numeric, min 0, max 99");
        prompt.ShouldContain("- colour: nominal, 3 values:");
        prompt.ShouldContain("Class balance");
        prompt.ShouldContain("- pos: ");
        prompt.ShouldContain("x,y,colour,class");
        model.Requests[0].Messages[0].Content.ShouldContain("DEFAULT class = <class>");
    }

    [Fact]
    public async Task The_same_problem_and_seed_send_the_same_prompt()
    {
        var a = new ScriptedChatModel(Good);
        var b = new ScriptedChatModel(Good);
        var first = await new LlmRuleGenerator(a, LlmRuleMode.Propose).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None);
        var second = await new LlmRuleGenerator(b, LlmRuleMode.Propose).GenerateAsync(Tables.Problem(SyntheticTables.Create()), [], CancellationToken.None);

        first.PromptHash.ShouldBe(second.PromptHash);
    }

    [Fact]
    public async Task The_loop_refinement_prompt_shows_previous_rules_their_metrics_and_counterexamples()
    {
        var weak = Tables.Block("IF x >= 80 THEN class = pos", "DEFAULT class = neg");
        var model = new ScriptedChatModel(weak, Good);
        var (result, _) = await RunLoopAsync(new LlmRuleGenerator(model, LlmRuleMode.Refine), maxIterations: 2);

        result.Iterations.Count.ShouldBe(2);
        var refine = model.LastUserMessage(1);
        refine.ShouldContain("IF x >= 80 THEN class = pos");
        refine.ShouldContain("- line 1: decided ");
        refine.ShouldContain("precision ");
        refine.ShouldContain("→ predicted pos (line 1), actual neg");
        refine.ShouldContain("Rows these rules get wrong");
        result.Best!.Score.ShouldBe(1.0);
    }

    [Fact]
    public async Task The_plain_llm_method_asks_afresh_without_counterexamples()
    {
        var model = new ScriptedChatModel(Tables.Block("IF x >= 80 THEN class = pos", "DEFAULT class = neg"), Good);
        await RunLoopAsync(new LlmRuleGenerator(model, LlmRuleMode.Propose), maxIterations: 2);

        model.LastUserMessage(1).ShouldNotContain("Rows these rules get wrong");
        model.LastUserMessage(1).ShouldNotBe(model.LastUserMessage(0));
    }

    [Fact]
    public async Task Hybrid_moves_a_proposed_threshold_to_the_boundary_in_the_data()
    {
        var model = new ScriptedChatModel(Tables.Block("IF x >= 85 AND colour = red THEN class = pos", "DEFAULT class = neg"));
        var problem = Tables.Problem(SyntheticTables.Create(600));
        var evaluator = new TabularEvaluator();
        var plain = await evaluator.EvaluateAsync(problem, await new LlmRuleGenerator(new ScriptedChatModel(Tables.Block("IF x >= 85 AND colour = red THEN class = pos", "DEFAULT class = neg")), LlmRuleMode.Propose).GenerateAsync(problem, [], CancellationToken.None), CancellationToken.None);
        var candidate = await new HybridRuleGenerator(new LlmRuleGenerator(model, LlmRuleMode.Refine)).GenerateAsync(problem, [], CancellationToken.None);
        var tuned = await evaluator.EvaluateAsync(problem, candidate, CancellationToken.None);

        var threshold = ((ConditionRule)candidate.Rules.Rules[0].Body).Conditions.Single(c => c.Variable == "x").Value.Number;
        threshold.ShouldBeInRange(59.5, 60.0);
        tuned.Score.ShouldBeGreaterThan(plain.Score);
        candidate.Generator.ShouldBe("hybrid");
        candidate.RawResponse!.ShouldContain("threshold(s) moved");
    }

    [Fact]
    public async Task A_budget_refusal_stops_the_loop_with_reason_budget_keeping_finished_iterations()
    {
        var model = new ScriptedChatModel(_ => Good, _ => throw new BudgetExceededException("run budget of $0.01 would be exceeded"));
        var (result, _) = await RunLoopAsync(new LlmRuleGenerator(model, LlmRuleMode.Refine), maxIterations: 3, threshold: 1.1);

        result.StopReason.ShouldBe(StopReason.Budget);
        result.Iterations.Count.ShouldBe(1);
        result.Error.ShouldBe("run budget of $0.01 would be exceeded");
    }

    [Fact]
    public async Task A_reply_still_bad_after_repair_ends_the_loop_with_reason_error()
    {
        var model = new ScriptedChatModel("nonsense", "more nonsense");
        var (result, _) = await RunLoopAsync(new LlmRuleGenerator(model, LlmRuleMode.Refine), maxIterations: 3);

        result.StopReason.ShouldBe(StopReason.Error);
        result.Error!.ShouldContain("after one repair request");
    }

    private static async Task<(LoopResult Result, TabularProblem Problem)> RunLoopAsync(IRuleGenerator generator, int maxIterations, double threshold = 1.0)
    {
        var problem = Tables.Problem(SyntheticTables.Create());
        var store = new EphemeralRunStore();
        await store.CreateRunAsync(new RunRecord { Id = "r", Domain = "tabular", Target = "class" }, CancellationToken.None);
        var loop = new FeedbackLoop(generator, new TabularEvaluator(), store, new FeedbackLoopOptions { MaxIterations = maxIterations, Threshold = threshold, Patience = 5 });
        return (await loop.RunAsync(problem, "r", null, CancellationToken.None), problem);
    }

    [Fact]
    public void Llm_methods_without_a_chat_model_are_bad_input_naming_the_flag()
    {
        var registry = TabularLlmMethods.CreateRegistry();
        var error = Should.Throw<RuleForge.Core.Errors.InputException>(() => registry.Create("llm", new TabularGeneratorContext()));
        error.Message.ShouldStartWith("--method llm calls a language model: pass --provider");
        registry.Methods.ShouldBe(["adaptive", "hybrid", "llm", "llm-symbolic-loop", "ripper", "symbolic"]);
    }

    [Fact]
    public void The_data_helper_builds_the_expected_class_rule()
    {
        var data = SyntheticTables.Create(50);
        ClassTarget.Of(data, "class").Labels.ShouldContain("pos");
    }
}
