using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Generators;
using RuleForge.Forecasting.Tests.Support;
using RuleForge.Storage;
using RuleForge.Testing;

namespace RuleForge.Forecasting.Tests.Generators;

public sealed class ForecastLearnerTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private RuleForgeDatabase _db = null!;

    public async Task InitializeAsync() => _db = await RuleForgeDatabase.OpenAsync(_folder.File("rf.db"), default);

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _folder.Dispose();
    }

    private static ForecastLearnRequest Request(TimeSeriesFrame frame) => new()
    {
        Frame = frame,
        Target = "y",
        Lags = 2,
        TrainUntil = Synthetic.Quarter(299),
        Warmup = 30,
    };

    [Fact]
    public async Task The_symbolic_generator_finds_a_planted_regime_effect_and_it_holds_out_of_sample()
    {
        var frame = Synthetic.Ar2(400, seed: 21, effect: 2);

        var result = await new ForecastLearner(_db.Runs, new SymbolicForecastGenerator()).LearnAsync(Request(frame), "planted", null, default);

        result.RuleCount.ShouldBeGreaterThan(0);
        result.Rules.ShouldContain(r => r.Contains("z >") || r.Contains("z_diff1"));
        result.ImprovementPct.ShouldBeGreaterThan(5);
        result.CiLow.ShouldBeGreaterThan(0);
        (await _db.Runs.GetIterationsAsync("planted", default)).Count.ShouldBeGreaterThan(0);
        (await _db.Runs.GetRunAsync("planted", default))!.Status.ShouldBe(RunStatus.Completed);
    }

    [Fact]
    public async Task On_pure_noise_no_rule_survives_and_the_result_says_so()
    {
        foreach (var seed in new[] { 31, 32, 33 })
        {
            var frame = Synthetic.Ar2(400, seed, effect: 0);

            var result = await new ForecastLearner(_db.Runs, new SymbolicForecastGenerator()).LearnAsync(Request(frame), $"noise-{seed}", null, default);

            result.RuleCount.ShouldBe(0, $"seed {seed}: {string.Join("; ", result.Rules)}");
            result.RulesRmse.ShouldBe(result.BaselineRmse);
            result.Message.ShouldContain("no rule survived validation");
        }
    }

    [Fact]
    public async Task A_finished_run_resumes_without_new_iterations()
    {
        var frame = Synthetic.Ar2(400, seed: 21, effect: 2);
        var learner = new ForecastLearner(_db.Runs, new SymbolicForecastGenerator());
        var first = await learner.LearnAsync(Request(frame), "resume", null, default);
        var stored = (await _db.Runs.GetIterationsAsync("resume", default)).Count;

        var again = await learner.LearnAsync(Request(frame), "resume", null, default);

        (await _db.Runs.GetIterationsAsync("resume", default)).Count.ShouldBe(stored);
        again.Rules.ShouldBe(first.Rules);
    }

    [Fact]
    public async Task The_llm_generator_prompts_with_metrics_and_error_patterns_and_keeps_only_valid_rules()
    {
        var frame = Synthetic.Ar2(400, seed: 21, effect: 2);
        var chat = new ScriptedChatModel("IF z > 1 THEN ADJUST y BY +1.9\nIF nonsense > 1 THEN ADJUST y BY +5\nrm -rf /");
        var problem = ForecastLearner.BuildProblem(Request(frame));

        var candidate = await new LlmForecastGenerator(chat).GenerateAsync(problem, [], default);

        var prompt = chat.Requests.ShouldHaveSingleItem().Messages[1].Content;
        prompt.ShouldContain("rmse");
        prompt.ShouldContain("Where the baseline is biased");
        prompt.ShouldContain("z:");
        var rule = candidate.Rules.Rules.ShouldHaveSingleItem();
        rule.Source.ShouldBe(RuleSource.Llm);
        ((ForecastRule)rule.Body).Amount.ShouldBe(1.9);
        candidate.RawResponse!.ShouldContain("rejected");
        candidate.Usage.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task The_llm_loop_refines_with_per_rule_feedback_in_the_prompt()
    {
        var frame = Synthetic.Ar2(400, seed: 21, effect: 2);
        var chat = new ScriptedChatModel("IF w > 0 THEN ADJUST y BY +0.8", "IF z > 1 THEN ADJUST y BY +1.9");

        var result = await new ForecastLearner(_db.Runs, new LlmForecastGenerator(chat)).LearnAsync(Request(frame) with { MaxIterations = 2 }, "llm", null, default);

        chat.Requests.Count.ShouldBe(2);
        chat.Requests[1].Messages[1].Content.ShouldContain("fired");
        chat.Requests[1].Messages[1].Content.ShouldContain("helped");
        result.Rules.ShouldHaveSingleItem().ShouldContain("z > 1");
    }
}
