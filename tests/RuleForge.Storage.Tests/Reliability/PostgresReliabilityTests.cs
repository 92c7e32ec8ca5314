using Npgsql;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;
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

    private async Task TerminateOtherBackendsAsync()
    {
        await using var admin = new NpgsqlConnection(pg.Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        command.Parameters.AddWithValue("db", pg.Name);
        await command.ExecuteNonQueryAsync();
    }
}
