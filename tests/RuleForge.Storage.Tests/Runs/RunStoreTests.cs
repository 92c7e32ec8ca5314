using RuleForge.Core.Costs;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Storage.Tests.Runs;

/// <summary>The run store contract, run against SQLite and PostgreSQL.</summary>
public abstract class RunStoreTests : StoreTestBase
{
    [DatabaseFact]
    public async Task A_created_run_reads_back_with_its_parameters()
    {
        await Db.Runs.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class", ParametersJson = """{"file":"a.csv"}""" }, default);

        var run = (await Db.Runs.GetRunAsync("r1", default)).ShouldNotBeNull();

        run.Status.ShouldBe(RunStatus.Running);
        run.ParametersJson.ShouldBe("""{"file":"a.csv"}""");
        run.CreatedAt.ShouldBe(Clock.GetUtcNow());
    }

    [DatabaseFact]
    public async Task Iterations_round_trip_as_canonical_json_in_order()
    {
        await Db.Runs.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class" }, default);
        var first = MakeIteration(1, 0.4);
        var second = MakeIteration(2, 0.7);
        await Db.Runs.AppendIterationAsync("r1", first, default);
        await Db.Runs.AppendIterationAsync("r1", second, default);

        var stored = await Db.Runs.GetIterationsAsync("r1", default);

        stored.Select(i => i.Number).ShouldBe([1, 2]);
        Core.Serialization.CanonicalJson.Serialize(stored[1]).ShouldBe(Core.Serialization.CanonicalJson.Serialize(second));
        stored[1].Candidate.Usage.CostUsd.ShouldBe(0.25m);
    }

    [DatabaseFact]
    public async Task The_same_iteration_number_cannot_be_stored_twice()
    {
        await Db.Runs.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class" }, default);
        await Db.Runs.AppendIterationAsync("r1", MakeIteration(1, 0.4), default);

        var error = await Should.ThrowAsync<StoreException>(() => Db.Runs.AppendIterationAsync("r1", MakeIteration(1, 0.9), default));

        error.Message.ShouldContain("iteration 1");
        (await Db.Runs.GetIterationsAsync("r1", default)).ShouldHaveSingleItem().Score.ShouldBe(0.4);
    }

    [DatabaseFact]
    public async Task Completing_a_run_keeps_status_stop_reason_and_summary()
    {
        await Db.Runs.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class" }, default);
        Clock.Advance(TimeSpan.FromMinutes(1));

        await Db.Runs.CompleteRunAsync("r1", RunStatus.Completed, StopReason.Patience, """{"iterations":3}""", null, default);

        var run = (await Db.Runs.GetRunAsync("r1", default)).ShouldNotBeNull();
        run.Status.ShouldBe(RunStatus.Completed);
        run.StopReason.ShouldBe(StopReason.Patience);
        run.SummaryJson.ShouldBe("""{"iterations":3}""");
        run.UpdatedAt.ShouldBe(run.CreatedAt + TimeSpan.FromMinutes(1));
    }

    [DatabaseFact]
    public async Task Events_are_kept_in_order()
    {
        await Db.Runs.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class" }, default);
        await Db.Runs.AppendEventAsync("r1", new RunEvent(Clock.GetUtcNow(), "retry", "429 from model"), default);
        await Db.Runs.AppendEventAsync("r1", new RunEvent(Clock.GetUtcNow(), "warning", "drift", """{"p":0.01}"""), default);

        var events = await Db.Runs.GetEventsAsync("r1", default);

        events.Select(e => e.Kind).ShouldBe(["retry", "warning"]);
        events[1].DataJson.ShouldBe("""{"p":0.01}""");
    }

    [DatabaseFact]
    public async Task Listing_filters_by_domain_and_status_newest_first()
    {
        foreach (var (id, domain) in new[] { ("a", "tabular"), ("b", "forecast"), ("c", "tabular") })
        {
            await Db.Runs.CreateRunAsync(new RunRecord { Id = id, Domain = domain, Target = "t" }, default);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Db.Runs.CompleteRunAsync("a", RunStatus.Failed, StopReason.Error, null, "boom", default);

        (await Db.Runs.ListRunsAsync(new RunQuery { Domain = "tabular" }, default)).Select(r => r.Id).ShouldBe(["c", "a"]);
        (await Db.Runs.ListRunsAsync(new RunQuery { Status = RunStatus.Running }, default)).Select(r => r.Id).ShouldBe(["c", "b"]);
        (await Db.Runs.ListRunsAsync(new RunQuery { Limit = 1, Offset = 1 }, default)).Select(r => r.Id).ShouldBe(["b"]);
    }

    [DatabaseFact]
    public async Task Appending_to_an_unknown_run_names_it()
    {
        var error = await Should.ThrowAsync<Core.Errors.InputException>(() => Db.Runs.AppendIterationAsync("nope", MakeIteration(1, 0.1), default));

        error.Message.ShouldContain("nope");
    }

    [DatabaseFact]
    public async Task A_feedback_loop_resumes_from_the_stored_iterations()
    {
        await Db.Runs.CreateRunAsync(new RunRecord { Id = "r1", Domain = "tabular", Target = "class" }, default);
        await Db.Runs.AppendIterationAsync("r1", MakeIteration(1, 0.3), default);
        var generator = new CountingGenerator();
        var loop = new FeedbackLoop(generator, new FixedEvaluator(0.5), Db.Runs, new FeedbackLoopOptions { MaxIterations = 3, Patience = 5 }, Clock);

        var result = await loop.RunAsync(new Problem { Domain = "tabular", Target = "class" }, "r1", null, default);

        generator.HistorySeen.ShouldBe([1, 2]);
        result.Iterations.Select(i => i.Number).ShouldBe([1, 2, 3]);
        (await Db.Runs.GetRunAsync("r1", default))!.StopReason.ShouldBe(StopReason.MaxIterations);
        (await Db.Runs.GetIterationsAsync("r1", default)).Count.ShouldBe(3);
    }

    private Iteration MakeIteration(int number, double score) => new()
    {
        Number = number,
        Candidate = new Candidate
        {
            Generator = "test",
            Model = "m",
            Usage = new Usage { Requests = 1, PromptTokens = 10, CompletionTokens = 5, CostUsd = 0.25m, Latency = TimeSpan.FromMilliseconds(12.5) },
            Rules = new RuleSet("class", [new Rule
            {
                Name = "r",
                Domain = "tabular",
                Body = new ConditionRule { Conditions = [new("x", ConditionOperator.Greater, RuleValue.Of(1))], Outcome = new("class", RuleValue.Of("yes")) },
            }]),
        },
        Evaluation = new Evaluation { Score = score, Metrics = new Dictionary<string, double> { ["f1"] = score }, Feedback = "more", Issues = [new("weak", "rule r is weak", "r")] },
        Elapsed = TimeSpan.FromMilliseconds(42),
        FinishedAt = Clock.GetUtcNow(),
    };

    private sealed class CountingGenerator : IRuleGenerator
    {
        public List<int> HistorySeen { get; } = [];

        public string Name => "counting";

        public Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
        {
            HistorySeen.Add(history.Count);
            return Task.FromResult(new Candidate { Generator = Name, Rules = RuleSet.Empty(problem.Target) });
        }
    }

    private sealed class FixedEvaluator(double score) : IRuleEvaluator
    {
        public Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken) =>
            Task.FromResult(new Evaluation { Score = score });
    }
}

public sealed class SqliteRunStoreTests(SqliteDatabases files) : RunStoreTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());
}

public sealed class PostgresRunStoreTests(PostgresDatabase pg) : RunStoreTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
