using RuleForge.Core.Errors;
using RuleForge.Core.Stores;
using RuleForge.Storage.Models;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Storage.Tests.Models;

/// <summary>The model registry contract, run against SQLite and PostgreSQL.</summary>
public abstract class ModelRegistryTests : StoreTestBase
{
    private SqlModelRegistry Registry => new(Db.Connector, Clock);

    private static ModelRegistration Ridge(ModelRef? parent = null) => new()
    {
        Name = "infl-ridge",
        Kind = "ridge",
        ParametersJson = """{"lags":4}""",
        Metrics = new Dictionary<string, double> { ["rmse"] = 2.52 },
        DataVersion = "macrodata@abc",
        ArtifactPath = "models/infl-ridge.json",
        Parent = parent,
        Tags = new Dictionary<string, string> { ["target"] = "infl" },
    };

    [DatabaseFact]
    public async Task Versions_are_numbered_per_name_and_read_back_whole()
    {
        var v1 = await Registry.RegisterAsync(Ridge(), default);
        var v2 = await Registry.RegisterAsync(Ridge(v1.Ref), default);

        var read = (await Registry.GetAsync("infl-ridge", 2, default)).ShouldNotBeNull();

        v1.Version.ShouldBe(1);
        v2.Version.ShouldBe(2);
        read.Stage.ShouldBe(ModelStage.None);
        read.Metrics["rmse"].ShouldBe(2.52);
        read.Parent.ShouldBe(new ModelRef("infl-ridge", 1));
        read.Tags["target"].ShouldBe("infl");
        read.ArtifactPath.ShouldBe("models/infl-ridge.json");
        read.CreatedAt.ShouldBe(Clock.GetUtcNow());
    }

    [DatabaseFact]
    public async Task A_parent_that_is_not_registered_is_rejected()
    {
        await Should.ThrowAsync<InputException>(() => Registry.RegisterAsync(Ridge(new ModelRef("ghost", 3)), default));

        (await Registry.ListAsync(new ModelQuery(), default)).ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task Stages_move_forward_with_reasons_and_promotion_archives_the_previous_production_version()
    {
        await Registry.RegisterAsync(Ridge(), default);
        await Registry.RegisterAsync(Ridge(), default);
        await Registry.TransitionAsync("infl-ridge", 1, ModelStage.Staging, "passed backtest", default);
        await Registry.TransitionAsync("infl-ridge", 1, ModelStage.Production, "beats persistence", default);
        await Registry.TransitionAsync("infl-ridge", 2, ModelStage.Staging, "retrained", default);
        Clock.Advance(TimeSpan.FromMinutes(5));

        await Registry.TransitionAsync("infl-ridge", 2, ModelStage.Production, "lower rmse", default);

        (await Registry.GetAsync("infl-ridge", 1, default))!.Stage.ShouldBe(ModelStage.Archived);
        var history = await Registry.GetTransitionsAsync("infl-ridge", 1, default);
        history.Select(t => (t.From, t.To)).ShouldBe([(ModelStage.None, ModelStage.Staging), (ModelStage.Staging, ModelStage.Production), (ModelStage.Production, ModelStage.Archived)]);
        history[^1].Reason.ShouldBe("superseded by v2");
        (await Registry.ListAsync(new ModelQuery { Stage = ModelStage.Production }, default)).ShouldHaveSingleItem().Version.ShouldBe(2);
    }

    [DatabaseFact]
    public async Task A_disallowed_stage_change_is_refused_and_changes_nothing()
    {
        await Registry.RegisterAsync(Ridge(), default);

        var error = await Should.ThrowAsync<InputException>(() => Registry.TransitionAsync("infl-ridge", 1, ModelStage.Production, "skip staging", default));

        error.Message.ShouldContain("none → production is not allowed");
        (await Registry.GetTransitionsAsync("infl-ridge", 1, default)).ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task Ancestors_and_descendants_follow_the_parent_links()
    {
        var a = await Registry.RegisterAsync(Ridge(), default);
        var b = await Registry.RegisterAsync(Ridge(a.Ref), default);
        var c = await Registry.RegisterAsync(Ridge(b.Ref) with { Name = "infl-mlp" }, default);
        await Registry.RegisterAsync(Ridge(a.Ref), default);

        (await Registry.GetAncestorsAsync("infl-mlp", 1, default)).Select(m => m.Ref.ToString()).ShouldBe(["infl-ridge v2", "infl-ridge v1"]);
        (await Registry.GetDescendantsAsync("infl-ridge", 1, default)).Select(m => m.Ref.ToString()).ShouldBe(["infl-ridge v2", "infl-ridge v3", "infl-mlp v1"]);
        c.Parent.ShouldBe(b.Ref);
    }

    [DatabaseFact]
    public async Task Tags_are_set_replaced_removed_and_filter_listings()
    {
        await Registry.RegisterAsync(Ridge(), default);
        await Registry.RegisterAsync(Ridge() with { Tags = new Dictionary<string, string>() }, default);

        await Registry.SetTagAsync("infl-ridge", 2, "champion", "yes", default);
        await Registry.SetTagAsync("infl-ridge", 2, "champion", "no", default);
        await Registry.RemoveTagAsync("infl-ridge", 1, "target", default);

        (await Registry.GetAsync("infl-ridge", 2, default))!.Tags["champion"].ShouldBe("no");
        (await Registry.ListAsync(new ModelQuery { Tag = "champion" }, default)).ShouldHaveSingleItem().Version.ShouldBe(2);
        (await Registry.GetAsync("infl-ridge", 1, default))!.Tags.ShouldBeEmpty();
    }
}

public sealed class SqliteModelRegistryTests(SqliteDatabases files) : ModelRegistryTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());
}

public sealed class PostgresModelRegistryTests(PostgresDatabase pg) : ModelRegistryTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
