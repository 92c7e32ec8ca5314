using Npgsql;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;
using RuleForge.Storage.Rules;
using RuleForge.Testing.Postgres;

namespace RuleForge.Storage.Tests.Reliability;

public sealed class PostgresReliabilityTests(PostgresDatabase pg) : IClassFixture<PostgresDatabase>, IUsesPostgres
{
    [DatabaseFact]
    public async Task A_dropped_connection_is_reconnected_and_no_data_is_lost()
    {
        var connection = await pg.NewSchemaAsync();
        await using var db = RuleForgeDatabase.Open(connection);
        await db.Rules.AddAsync(Support.Rules.Vip() with { Id = "kept" }, null, default);

        await TerminateOtherBackendsAsync();

        (await db.Rules.GetAsync("kept", null, default)).ShouldNotBeNull();
        await TerminateOtherBackendsAsync();
        (await db.Rules.UpdateAsync("kept", new Core.Rules.RulePatch { Description = "after drop" }, null, null, default)).Version.ShouldBe(2);
        (await db.Rules.GetHistoryAsync("kept", default)).Count.ShouldBe(2);
    }

    [DatabaseFact]
    public async Task An_unreachable_server_is_named_without_the_password()
    {
        await using var db = RuleForgeDatabase.Open("postgres://alice:s3cret-pw@127.0.0.1:1/nowhere?Timeout=2");

        var error = await Should.ThrowAsync<StoreException>(() => db.Rules.GetAsync("x", null, default));

        error.Message.ShouldContain("127.0.0.1:1/nowhere");
        error.Message.ShouldNotContain("s3cret-pw");
        db.Description.ShouldNotContain("s3cret-pw");
    }

    [DatabaseFact]
    public async Task Connection_strings_and_urls_choose_postgresql()
    {
        PostgresConnectionString.Matches("Host=localhost;Database=x").ShouldBeTrue();
        PostgresConnectionString.Matches("postgresql://u@h/db").ShouldBeTrue();
        PostgresConnectionString.Matches("./data/ruleforge.db").ShouldBeFalse();
        var builder = PostgresConnectionString.Parse("postgres://bob:p%40ss@db.example:6543/rules?sslmode=disable");
        builder.Host.ShouldBe("db.example");
        builder.Port.ShouldBe(6543);
        builder.Database.ShouldBe("rules");
        builder.Username.ShouldBe("bob");
        builder.Password.ShouldBe("p@ss");
        await using var db = RuleForgeDatabase.Open(pg.ConnectionString);
        db.Kind.ShouldBe(DatabaseKind.PostgreSql);
    }

    [DatabaseFact]
    public async Task Upgrading_rule_schema_2_keeps_the_rules_and_drops_the_heads_copy_of_the_json()
    {
        var connection = await pg.NewSchemaAsync();
        var at = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var rule = Support.Rules.Vip("a", score: 0.5, tags: ["gold"]) with { Id = "a", Version = 1, CreatedAt = at, UpdatedAt = at };

        // A schema as migration 2 left it, with one rule stored the way that schema's writers stored it.
        await using (var old = new PostgresConnector(connection))
        {
            await old.EnsureSchemaAsync(RuleSchema.Area, RuleSchema.For(DatabaseKind.PostgreSql).Take(2).ToArray(), default);
            await using var c = await old.OpenConnectionAsync(default);
            (string, object?)[] row = [("id", "a"), ("name", "a"), ("description", rule.Description), ("score", 0.5), ("at", at.UtcTicks), ("json", CanonicalJson.Serialize(rule))];
            await c.ExecuteAsync(
                null,
                """
                INSERT INTO rules VALUES (@id, 1, @name, @description, 'tabular', 'draft', 'human', 0, @score, @at, @at, @json);
                INSERT INTO rule_versions VALUES (@id, 1, @name, @description, 'tabular', 'draft', 'human', 0, @score, @at, @at, @json);
                INSERT INTO rule_tags VALUES (@id, 1, 'gold');
                INSERT INTO rule_head_tags VALUES ('gold', @id, 1, @name, @description, 'tabular', 'draft', 'human', 0, @score, @at);
                INSERT INTO rule_metrics VALUES (@id, 1, 'score', @score);
                INSERT INTO rule_changes VALUES (@id, 1, 1, 'create', '[]', 'imported', @at)
                """,
                default,
                row);
        }

        await using var db = RuleForgeDatabase.Open(connection);
        (await db.Rules.GetAsync("a", null, default)).ShouldNotBeNull().Description.ShouldBe(rule.Description);
        (await db.Rules.SearchAsync(new RuleQuery { Tag = "gold", MinScore = 0.4 }, default)).Items.Single().Id.ShouldBe("a");
        (await db.Rules.UpdateAsync("a", new RulePatch { Description = "after upgrade" }, null, 1, default)).Version.ShouldBe(2);
        (await db.Rules.GetHistoryAsync("a", default)).Select(r => r.Change.Reason).ShouldBe(["imported", null]);

        await using var check = new NpgsqlConnection(connection);
        await check.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'rules' AND column_name = 'rule_json'", check);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
    }

    private async Task TerminateOtherBackendsAsync()
    {
        await using var admin = new NpgsqlConnection(pg.Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        command.Parameters.AddWithValue("db", pg.Name);
        await command.ExecuteNonQueryAsync();
    }
}
