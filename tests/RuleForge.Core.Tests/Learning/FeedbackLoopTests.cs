using RuleForge.Core.Costs;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Core.Tests.Support;

namespace RuleForge.Core.Tests.Learning;

public sealed class FeedbackLoopTests
{
    private static readonly Problem Problem = new() { Domain = "test", Target = "t" };

    [Fact]
    public async Task Stops_at_the_threshold()
    {
        var result = await Run([0.2, 0.6, 0.95, 0.99], new FeedbackLoopOptions { Threshold = 0.9, MaxIterations = 10 });

        result.StopReason.ShouldBe(StopReason.Threshold);
        result.Iterations.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Stops_after_max_iterations()
    {
        var result = await Run([0.1, 0.2, 0.3, 0.4], new FeedbackLoopOptions { MaxIterations = 3, Patience = 5 });

        result.StopReason.ShouldBe(StopReason.MaxIterations);
        result.Iterations.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Stops_when_no_iteration_improves_by_epsilon_for_patience_iterations()
    {
        var result = await Run([0.5, 0.5005, 0.4, 0.9], new FeedbackLoopOptions { MaxIterations = 10, Patience = 2, MinImprovement = 0.001 });

        result.StopReason.ShouldBe(StopReason.Patience);
        result.Iterations.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Keeps_the_best_iteration_not_the_last()
    {
        var result = await Run([0.3, 0.8, 0.5], new FeedbackLoopOptions { MaxIterations = 3, Patience = 5 });

        result.Best!.Number.ShouldBe(2);
        result.BestScore.ShouldBe(0.8);
        result.FinalScore.ShouldBe(0.5);
        result.Improvement!.Value.ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public async Task A_refused_call_stops_the_loop_with_reason_budget()
    {
        var store = new InMemoryRunStore();
        var generator = new ScriptedGenerator([0.1, 0.2]) { FailOnCall = 2, Failure = new BudgetExceededException("daily budget of $1.00 reached") };

        var result = await RunWith(store, generator, new FeedbackLoopOptions { MaxIterations = 5, Patience = 5 });

        result.StopReason.ShouldBe(StopReason.Budget);
        result.Iterations.Count.ShouldBe(1);
        result.Error.ShouldBe("daily budget of $1.00 reached");
        (await store.GetRunAsync("run", default))!.Status.ShouldBe(RunStatus.Completed);
    }

    [Fact]
    public async Task Every_iteration_is_stored_before_the_next_starts()
    {
        var store = new InMemoryRunStore();
        var generator = new ScriptedGenerator([0.1, 0.2, 0.3]) { Store = store };

        await RunWith(store, generator, new FeedbackLoopOptions { MaxIterations = 3, Patience = 5 });

        generator.StoredIterationsSeenAtEachCall.ShouldBe([0, 1, 2]);
    }

    [Fact]
    public async Task A_resumed_run_continues_after_its_last_stored_iteration()
    {
        var store = new InMemoryRunStore();
        var crashing = new ScriptedGenerator([0.1, 0.2, 0.3]) { FailOnCall = 3, Failure = new IOException("killed") };
        (await RunWith(store, crashing, new FeedbackLoopOptions { MaxIterations = 4, Patience = 5 })).StopReason.ShouldBe(StopReason.Error);

        var resumed = new ScriptedGenerator([0.7, 0.9]);
        var result = await new FeedbackLoop(resumed, resumed, store, new FeedbackLoopOptions { MaxIterations = 4, Patience = 5 })
            .RunAsync(Problem, "run", null, default);

        result.Iterations.Select(i => i.Number).ShouldBe([1, 2, 3, 4]);
        result.Iterations.Select(i => i.Score).ShouldBe([0.1, 0.2, 0.7, 0.9]);
        resumed.HistoryLengthsSeen.ShouldBe([2, 3]);
        result.StopReason.ShouldBe(StopReason.MaxIterations);
    }

    [Fact]
    public async Task Cancellation_stops_with_reason_cancelled_and_keeps_finished_iterations()
    {
        using var cts = new CancellationTokenSource();
        var store = new InMemoryRunStore();
        var generator = new ScriptedGenerator([0.1, 0.2, 0.3]) { OnCall = n => { if (n == 2) { cts.Cancel(); } } };
        await store.CreateRunAsync(new RunRecord { Id = "run", Domain = "test", Target = "t" }, default);

        var result = await new FeedbackLoop(generator, generator, store, new FeedbackLoopOptions { MaxIterations = 5, Patience = 5 })
            .RunAsync(Problem, "run", null, cts.Token);

        result.StopReason.ShouldBe(StopReason.Cancelled);
        (await store.GetIterationsAsync("run", default)).Count.ShouldBe(1);
        (await store.GetRunAsync("run", default))!.Status.ShouldBe(RunStatus.Cancelled);
    }

    [Fact]
    public async Task Usage_is_summed_over_iterations()
    {
        var result = await Run([0.1, 0.2], new FeedbackLoopOptions { MaxIterations = 2, Patience = 5 });

        result.TotalUsage.Requests.ShouldBe(2);
        result.TotalUsage.CostUsd.ShouldBe(0.02m);
    }

    private static Task<LoopResult> Run(double[] scores, FeedbackLoopOptions options) =>
        RunWith(new InMemoryRunStore(), new ScriptedGenerator(scores), options);

    private static async Task<LoopResult> RunWith(InMemoryRunStore store, ScriptedGenerator generator, FeedbackLoopOptions options)
    {
        await store.CreateRunAsync(new RunRecord { Id = "run", Domain = "test", Target = "t" }, default);
        return await new FeedbackLoop(generator, generator, store, options).RunAsync(Problem, "run", null, default);
    }

    /// <summary>Generates candidates whose evaluation returns scripted scores, in order.</summary>
    private sealed class ScriptedGenerator(double[] scores) : IRuleGenerator, IRuleEvaluator
    {
        private int _calls;

        public string Name => "scripted";

        public int FailOnCall { get; init; } = -1;

        public Exception? Failure { get; init; }

        public InMemoryRunStore? Store { get; init; }

        public Action<int>? OnCall { get; init; }

        public List<int> StoredIterationsSeenAtEachCall { get; } = [];

        public List<int> HistoryLengthsSeen { get; } = [];

        public async Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
        {
            _calls++;
            OnCall?.Invoke(_calls);
            cancellationToken.ThrowIfCancellationRequested();
            if (_calls == FailOnCall)
            {
                throw Failure!;
            }

            HistoryLengthsSeen.Add(history.Count);
            if (Store is not null)
            {
                StoredIterationsSeenAtEachCall.Add((await Store.GetIterationsAsync("run", cancellationToken)).Count);
            }

            var score = scores[_calls - 1];
            var rule = new Rule { Name = $"r{_calls}", Domain = "test", Body = new LogicRule { Text = $"score({score})." } };
            return new Candidate { Rules = new RuleSet("t", [rule]), Generator = Name, Usage = new Usage { Requests = 1, CostUsd = 0.01m } };
        }

        public Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken)
        {
            var text = ((LogicRule)candidate.Rules.Rules[0].Body).Text;
            var score = double.Parse(text[6..^2], System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(new Evaluation { Score = score });
        }
    }
}
