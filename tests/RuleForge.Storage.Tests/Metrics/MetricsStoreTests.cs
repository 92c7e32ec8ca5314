using RuleForge.Core.Errors;
using RuleForge.Core.Metrics;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Storage.Tests.Metrics;

/// <summary>The metrics store contract, run against SQLite and PostgreSQL.</summary>
public abstract class MetricsStoreTests : StoreTestBase
{
    private static readonly MetricSubject V1 = MetricSubject.ForRule("r1", 1);
    private static readonly MetricSubject V2 = MetricSubject.ForRule("r1", 2);

    [DatabaseFact]
    public async Task Recorded_values_come_back_with_their_context()
    {
        await Db.Metrics.RecordAsync(V1, Values(("f1", 0.7), ("rmse", 2.0)), new Dictionary<string, string> { ["dataset"] = "credit-g" }, null, default);

        var history = await Db.Metrics.GetHistoryAsync(new MetricHistoryQuery { Subject = V1 }, default);

        history.Select(p => (p.Name, p.Value)).ShouldBe([("f1", 0.7), ("rmse", 2.0)], ignoreOrder: true);
        history[0].Context["dataset"].ShouldBe("credit-g");
        history[0].At.ShouldBe(Clock.GetUtcNow());
    }

    [DatabaseFact]
    public async Task History_filters_by_name_time_and_keeps_the_most_recent_up_to_the_limit()
    {
        for (var i = 0; i < 5; i++)
        {
            await Db.Metrics.RecordAsync(V1, Values(("f1", i / 10.0), ("loss", i)), null, null, default);
            Clock.Advance(TimeSpan.FromHours(1));
        }

        var start = Clock.GetUtcNow() - TimeSpan.FromHours(5);
        var f1 = await Db.Metrics.GetHistoryAsync(new MetricHistoryQuery { Subject = V1, Names = ["f1"], Limit = 3 }, default);
        f1.Select(p => p.Value).ShouldBe([0.2, 0.3, 0.4]);
        var window = await Db.Metrics.GetHistoryAsync(new MetricHistoryQuery { Subject = V1, Names = ["loss"], From = start + TimeSpan.FromHours(1), To = start + TimeSpan.FromHours(3) }, default);
        window.Select(p => p.Value).ShouldBe([1.0, 2.0]);
    }

    [DatabaseFact]
    public async Task Summary_uses_each_subjects_latest_value()
    {
        var subjects = Enumerable.Range(1, 10).Select(v => MetricSubject.ForRule("r", v)).ToArray();
        foreach (var (subject, i) in subjects.Select((s, i) => (s, i)))
        {
            await Db.Metrics.RecordAsync(subject, Values(("f1", 100)), null, null, default);
            Clock.Advance(TimeSpan.FromSeconds(1));
            await Db.Metrics.RecordAsync(subject, Values(("f1", i + 1)), null, null, default);
        }

        var summary = (await Db.Metrics.SummarizeAsync(subjects, [], allValues: false, default)).ShouldHaveSingleItem();

        summary.Count.ShouldBe(10);
        summary.Mean.ShouldBe(5.5);
        summary.Median.ShouldBe(5.5);
        summary.Min.ShouldBe(1);
        summary.Max.ShouldBe(10);
        summary.P90.ShouldBe(9.1, 1e-9);
        (await Db.Metrics.SummarizeAsync(subjects, [], allValues: true, default)).Single().Count.ShouldBe(20);
    }

    [DatabaseFact]
    public async Task Compare_judges_each_metric_by_its_direction()
    {
        await Db.Metrics.RecordAsync(V1, Values(("f1", 0.5), ("rmse", 2.0), ("widgets", 3)), null, null, default);
        await Db.Metrics.RecordAsync(V2, Values(("f1", 0.6), ("rmse", 1.5), ("widgets", 4)), null, null, default);

        var comparison = (await Db.Metrics.CompareAsync(V1, [V2], [], default)).Others.ShouldHaveSingleItem();

        var f1 = comparison.Metrics.Single(m => m.Name == "f1");
        f1.Difference.ShouldBe(0.1, 1e-12);
        f1.RelativeDifference!.Value.ShouldBe(0.2, 1e-12);
        f1.Improved.ShouldBe(true);
        var rmse = comparison.Metrics.Single(m => m.Name == "rmse");
        rmse.Improved.ShouldBe(true);
        rmse.RelativeDifference!.Value.ShouldBe(-0.25, 1e-12);
        comparison.Metrics.Single(m => m.Name == "widgets").Improved.ShouldBeNull();
        comparison.Verdict.ShouldBe(ImprovementVerdict.Improved);
    }

    [DatabaseFact]
    public async Task Compare_reports_mixed_when_one_metric_gets_worse()
    {
        await Db.Metrics.RecordAsync(V1, Values(("accuracy", 0.8), ("mae", 1.0)), null, null, default);
        await Db.Metrics.RecordAsync(V2, Values(("accuracy", 0.9), ("mae", 1.2)), null, null, default);

        (await Db.Metrics.CompareAsync(V1, [V2], [], default)).Others.Single().Verdict.ShouldBe(ImprovementVerdict.Mixed);
    }

    [DatabaseFact]
    public async Task Comparing_with_an_unmeasured_subject_names_it()
    {
        await Db.Metrics.RecordAsync(V1, Values(("f1", 0.5)), null, null, default);

        var error = await Should.ThrowAsync<InputException>(() => Db.Metrics.CompareAsync(V1, [MetricSubject.ForRun("ghost")], [], default));

        error.Message.ShouldContain("run:ghost");
    }

    [DatabaseFact]
    public async Task Non_finite_values_are_refused_and_nothing_is_stored()
    {
        var error = await Should.ThrowAsync<InputException>(() => Db.Metrics.RecordAsync(V1, Values(("f1", 0.5), ("rmse", double.NaN)), null, null, default));

        error.Message.ShouldContain("rmse");
        (await Db.Metrics.GetHistoryAsync(new MetricHistoryQuery { Subject = V1 }, default)).ShouldBeEmpty();
    }

    private static Dictionary<string, double> Values(params (string Name, double Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);
}

public sealed class SqliteMetricsStoreTests(SqliteDatabases files) : MetricsStoreTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());
}

public sealed class PostgresMetricsStoreTests(PostgresDatabase pg) : MetricsStoreTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
