using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Induction;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Tests.Support;
using RuleForge.Testing.Tabular;

namespace RuleForge.Tabular.Tests.Loop;

public sealed class TabularLoopTests
{
    private static TabularLearnRequest Request(Dataset data, int maxIterations = 3) => new()
    {
        Data = data,
        Target = ClassTarget.Of(data, "class"),
        MaxIterations = maxIterations,
        Threshold = 1.0,
        Patience = 5,
    };

    private static async Task<(EphemeralRunStore Store, string Id)> NewRunAsync()
    {
        var store = new EphemeralRunStore();
        await store.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class" }, CancellationToken.None);
        return (store, "r1");
    }

    [Fact]
    public async Task Every_iteration_is_persisted_and_the_run_completes()
    {
        var data = SyntheticTables.Create(600, 21, noise: 0.1);
        var (store, id) = await NewRunAsync();
        var request = Request(data);
        var result = await new TabularLearner(TabularGeneratorRegistry.CreateDefault()).LearnAsync(request, request.Target.LabelledRows(), store, id, null, CancellationToken.None);
        (await store.GetIterationsAsync(id, CancellationToken.None)).Count.ShouldBe(3);
        (await store.GetRunAsync(id, CancellationToken.None))!.Status.ShouldBe(RunStatus.Completed);
        result.Rules.Rules.Count.ShouldBeGreaterThan(1);
        result.Chosen.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_resumed_run_keeps_its_finished_iterations_and_continues()
    {
        var data = SyntheticTables.Create(600, 22, noise: 0.1);
        var (store, id) = await NewRunAsync();
        var learner = new TabularLearner(TabularGeneratorRegistry.CreateDefault());
        await learner.LearnAsync(Request(data, maxIterations: 1), Request(data).Target.LabelledRows(), store, id, null, CancellationToken.None);
        var first = (await store.GetIterationsAsync(id, CancellationToken.None)).Single();

        var resumed = await learner.LearnAsync(Request(data, maxIterations: 3), Request(data).Target.LabelledRows(), store, id, null, CancellationToken.None);
        resumed.Loop.Iterations.Count.ShouldBe(3);
        resumed.Loop.Iterations[0].ShouldBeSameAs(first);
        resumed.Loop.Iterations.Select(i => i.Number).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task The_evaluator_reports_weak_rules_and_counterexamples()
    {
        var data = SyntheticTables.Create(400, 23);
        var request = Request(data);
        var problem = TabularLearner.Problem(request, request.Target.LabelledRows());
        var bad = new RuleSet("class", [
            new Rule { Name = "rule 1", Domain = "tabular", Body = new ConditionRule { Conditions = [new Condition("y", ConditionOperator.GreaterOrEqual, RuleValue.Of(50))], Outcome = new Outcome("class", RuleValue.Of("pos")) } },
            new Rule { Name = "default", Domain = "tabular", Body = new ConditionRule { Outcome = new Outcome("class", RuleValue.Of("neg")) } },
        ]);
        var evaluation = await new TabularEvaluator().EvaluateAsync(problem, new Candidate { Rules = bad, Generator = "test" }, CancellationToken.None);
        evaluation.Issues.ShouldContain(i => i.Code == TabularEvaluator.WeakRule && i.Rule == "rule 1");
        evaluation.Issues.Count(i => i.Code == TabularEvaluator.Counterexample).ShouldBe(10);
        evaluation.Metrics["ruleErrors"].ShouldBeGreaterThan(0);
        evaluation.Feedback.ShouldContain("rule 1");
        evaluation.Score.ShouldBeLessThan(0.9);
    }

    [Fact]
    public async Task Refinement_reads_the_feedback_of_the_best_iteration()
    {
        var data = SyntheticTables.Create(400, 24, noise: 0.2);
        var request = Request(data);
        var problem = TabularLearner.Problem(request, request.Target.LabelledRows());
        var generator = new SymbolicRuleGenerator();
        var first = await generator.GenerateAsync(problem, [], CancellationToken.None);
        var feedback = new Evaluation
        {
            Score = 0.7,
            Metrics = new Dictionary<string, double> { ["weakestPrecision"] = 0.4, ["ruleErrors"] = 1, ["defaultErrors"] = 30 },
            Issues = [new EvaluationIssue(TabularEvaluator.WeakRule, "rule 2 is weak", "rule 2")],
        };
        var history = new[] { new Iteration { Number = 1, Candidate = first, Evaluation = feedback } };
        var second = await generator.GenerateAsync(problem, history, CancellationToken.None);
        var recipe = SymbolicRecipe.TryParse(second.RawResponse)!;
        recipe.PrecisionFloor.ShouldBe(0.45, 1e-9);
        recipe.MinWeight.ShouldBe(1.0);
        recipe.Seed.ShouldNotBe(SymbolicRecipe.TryParse(first.RawResponse)!.Seed);
        recipe.Reason.ShouldContain("weak rule");
    }

    [Fact]
    public void Unknown_methods_are_bad_input_listing_the_known_ones()
    {
        var e = Should.Throw<InputException>(() => TabularGeneratorRegistry.CreateDefault().Create("oracle", new TabularGeneratorContext()));
        e.Message.ShouldContain("symbolic");
    }

    [Fact]
    public void New_methods_can_be_registered()
    {
        var registry = TabularGeneratorRegistry.CreateDefault();
        registry.Register("mine", _ => new SymbolicRuleGenerator());
        registry.Methods.ShouldContain("mine");
        registry.Create("mine", new TabularGeneratorContext()).ShouldBeOfType<SymbolicRuleGenerator>();
    }

    [Fact]
    public void The_one_standard_error_rule_keeps_the_earliest_near_best_iteration()
    {
        Iteration It(int n, double score) => new() { Number = n, Candidate = new Candidate { Rules = RuleSet.Empty("c"), Generator = "g" }, Evaluation = new Evaluation { Score = score } };
        var loop = new LoopResult { RunId = "r", Iterations = [It(1, 0.80), It(2, 0.82), It(3, 0.90)], Best = It(3, 0.90), StopReason = StopReason.MaxIterations };
        TabularLearner.Choose(loop, 100).Number.ShouldBe(3);
        TabularLearner.Choose(loop, 10).Number.ShouldBe(2);
        TabularLearner.Choose(loop, 2).Number.ShouldBe(1);
    }

    [Fact]
    public void The_one_standard_error_rule_prefers_the_smallest_rule_set_among_near_best_iterations()
    {
        static Rule R(int i) => new() { Name = $"r{i}", Domain = "tabular", Body = new ConditionRule { Conditions = [new Condition("x", ConditionOperator.GreaterOrEqual, RuleValue.Of(i))], Outcome = new Outcome("c", RuleValue.Of("a")) } };
        static Iteration It(int n, double score, int rules) => new() { Number = n, Candidate = new Candidate { Rules = new RuleSet("c", Enumerable.Range(0, rules).Select(R).ToList()), Generator = "g" }, Evaluation = new Evaluation { Score = score } };
        var loop = new LoopResult { RunId = "r", Iterations = [It(1, 0.80, 5), It(2, 0.81, 2), It(3, 0.82, 4)], Best = It(3, 0.82, 4), StopReason = StopReason.MaxIterations };
        TabularLearner.Choose(loop, 100).Number.ShouldBe(2);
        TabularLearner.Choose(loop, 100_000).Number.ShouldBe(3);
    }

    [Fact]
    public void Restarts_keep_the_fewest_rules_unless_their_description_length_is_far_worse()
    {
        static RipperModel M(int rules, double bits) => new()
        {
            Rules = new RuleSet("c", Enumerable.Range(0, rules).Select(i => new Rule { Name = $"r{i}", Domain = "tabular", Body = new ConditionRule { Conditions = [], Outcome = new Outcome("c", RuleValue.Of("a")) } }).ToList()),
            TrainingCounts = [],
            RipperBits = bits,
        };
        var small = M(2, 230);
        var large = M(6, 200);
        SymbolicRuleGenerator.Simplest([large, small], 64).ShouldBeSameAs(small);
        var defaultOnly = M(1, 360);
        SymbolicRuleGenerator.Simplest([large, defaultOnly, small], 64).ShouldBeSameAs(small);
        SymbolicRuleGenerator.Simplest([large, small], 16).ShouldBeSameAs(large);
    }

    [Fact]
    public void The_profile_gives_schema_statistics_balance_and_a_stratified_sample()
    {
        var data = SyntheticTables.Create(500, 25);
        var target = ClassTarget.Of(data, "class");
        var profile = DatasetProfile.Build(data, target, target.LabelledRows(), 20, 1);
        profile.Columns.Single(c => c.Name == "x").Max.ShouldBe(99);
        profile.ClassBalance.Values.Sum().ShouldBe(500);
        profile.Sample.Count.ShouldBeInRange(19, 21);
        profile.Sample.Select(s => s["class"]).Distinct().Count().ShouldBe(2);
    }
}
