using Microsoft.Data.Sqlite;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Testing;

namespace RuleForge.Storage.Tests.Reliability;

public sealed class SqliteReliabilityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_default_file_lives_under_dot_ruleforge()
    {
        RuleForgeDatabase.DefaultPath.ShouldBe(".ruleforge/ruleforge.db");
        await using var db = RuleForgeDatabase.Open(_folder.File("a/b/c/ruleforge.db"));

        await db.Rules.AddAsync(Support.Rules.Vip(), null, default);

        File.Exists(_folder.File("a/b/c/ruleforge.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_database_directory_that_cannot_be_created_is_named()
    {
        await File.WriteAllTextAsync(_folder.File("blocker"), "a file, not a folder");

        var error = Should.Throw<InputException>(() => RuleForgeDatabase.Open(_folder.File("blocker/sub/ruleforge.db")));

        error.Message.ShouldContain("cannot create the database directory");
        error.Message.ShouldContain("blocker");
    }

    [Fact]
    public async Task A_locked_database_gives_a_clear_message_and_keeps_its_data()
    {
        var path = _folder.File("locked.db");
        await using (var setup = RuleForgeDatabase.Open(path))
        {
            await setup.Rules.AddAsync(Support.Rules.Vip() with { Id = "kept" }, null, default);
        }

        await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        await holder.OpenAsync();
        await using (var tx = holder.BeginTransaction(deferred: false))
        {
            await using var db = RuleForgeDatabase.Open(path, sqliteBusyTimeout: TimeSpan.FromMilliseconds(200));

            var error = await Should.ThrowAsync<StoreException>(() => db.Rules.UpdateAsync("kept", new Core.Rules.RulePatch { Description = "x" }, null, null, default));

            error.Message.ShouldContain("locked");
            error.Message.ShouldContain("locked.db");
            tx.Rollback();
        }

        await using var after = RuleForgeDatabase.Open(path);
        (await after.Rules.GetAsync("kept", null, default))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_named()
    {
        var path = _folder.File("notes.txt");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        await using var db = RuleForgeDatabase.Open(path);

        var error = await Should.ThrowAsync<StoreException>(() => db.Rules.GetAsync("x", null, default));

        error.Message.ShouldContain("notes.txt");
    }

    [Fact]
    public async Task Schemas_of_every_store_are_created_idempotently()
    {
        var path = _folder.File("twice.db");
        await using (var first = await RuleForgeDatabase.OpenAsync(path, default))
        {
            await first.Rules.AddAsync(Support.Rules.Vip() with { Id = "a" }, null, default);
        }

        await using var second = await RuleForgeDatabase.OpenAsync(path, default);
        (await second.Rules.GetAsync("a", null, default)).ShouldNotBeNull();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT area || '=' || version FROM ruleforge_schema ORDER BY area";
        var areas = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            areas.Add(reader.GetString(0));
        }

        areas.ShouldBe(["metrics=1", "rules=2", "runs=1"]);
    }

    [Fact]
    public async Task Upgrading_rule_schema_1_fills_the_tag_search_table_from_the_latest_versions()
    {
        var path = _folder.File("v1.db");
        await using (var first = await RuleForgeDatabase.OpenAsync(path, default))
        {
            await first.Rules.AddAsync(Support.Rules.Vip("a", tags: ["gold", "eu"]) with { Id = "a" }, null, default);
            await first.Rules.UpdateAsync("a", new RulePatch { Tags = ["silver", "eu"] }, null, null, default);
        }

        // Take the file back to what schema 1 left behind: no rule_head_tags table.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE rule_head_tags; UPDATE ruleforge_schema SET version = 1 WHERE area = 'rules'";
            await command.ExecuteNonQueryAsync();
        }

        await using var upgraded = await RuleForgeDatabase.OpenAsync(path, default);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "silver" }, default)).Items.Single().Version.ShouldBe(2);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "eu" }, default)).Total.ShouldBe(1);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold" }, default)).Total.ShouldBe(0);
    }
}
