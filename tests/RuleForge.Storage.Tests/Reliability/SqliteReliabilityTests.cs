using Microsoft.Data.Sqlite;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;
using RuleForge.Storage.Rules;
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
    public async Task New_files_get_16_KiB_pages_and_older_files_keep_theirs()
    {
        var fresh = _folder.File("fresh.db");
        var older = _folder.File("older.db");
        await using (var connection = new SqliteConnection($"Data Source={older};Pooling=False"))
        {
            // A file as earlier versions made it: SQLite's default 4 KiB pages, WAL.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE other (x INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        foreach (var path in new[] { fresh, older })
        {
            await using var db = RuleForgeDatabase.Open(path);
            await db.Rules.AddManyAsync([.. Enumerable.Range(0, 1200).Select(i => Support.Rules.Vip($"r{i}"))], default); // a bulk add (1,000+): checkpointed in the background
            (await db.Rules.SearchAsync(new RuleQuery { Text = "r1199" }, default)).Total.ShouldBe(1);
        }

        (await PageSizeAsync(fresh)).ShouldBe(16384);
        (await PageSizeAsync(older)).ShouldBe(4096);
    }

    private static async Task<long> PageSizeAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)(await command.ExecuteScalarAsync())!;
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

        areas.ShouldBe(["metrics=1", "rules=6", "runs=1"]);
    }

    [Fact]
    public async Task Upgrading_rule_schema_1_fills_the_tag_search_table_from_the_latest_versions()
    {
        var path = _folder.File("v1.db");
        var a1 = Support.Rules.Vip("a", tags: ["gold", "eu"]) with { Id = "a", Version = 1 };
        var a2 = a1 with { Version = 2, Tags = ["silver", "eu"] };

        // A file as schema 1 left it: no rule_head_tags, every version's tags in rule_tags, the head with its JSON.
        await using (var old = new SqliteConnector(path))
        {
            await old.EnsureSchemaAsync(RuleSchema.Area, RuleSchema.For(DatabaseKind.Sqlite).Take(1).ToArray(), default);
        }

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            var sql = new System.Text.StringBuilder();
            foreach (var rule in new[] { a1, a2 })
            {
                var values = $"'a', {rule.Version}, 'a', '', 'tabular', 'draft', 'human', 0, NULL, {rule.CreatedAt.UtcTicks}, {rule.UpdatedAt.UtcTicks}, '{CanonicalJson.Serialize(rule)}'";
                sql.Append($"INSERT INTO rule_versions VALUES ({values});")
                    .Append($"INSERT INTO rule_changes VALUES ('a', {rule.Version}, {rule.Version}, '{(rule.Version == 1 ? "create" : "update")}', '[]', NULL, {rule.UpdatedAt.UtcTicks});");
                sql.AppendJoin("", rule.Tags.Select(t => $"INSERT INTO rule_tags VALUES ('a', {rule.Version}, '{t}');"));
                if (rule.Version == 2)
                {
                    sql.Append($"INSERT INTO rules VALUES ({values});");
                }
            }

            await using var command = connection.CreateCommand();
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
        }

        await using var upgraded = await RuleForgeDatabase.OpenAsync(path, default);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "silver" }, default)).Items.Single().Version.ShouldBe(2);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "eu" }, default)).Total.ShouldBe(1);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold" }, default)).Total.ShouldBe(0);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "eu", LatestOnly = false, Sort = RuleSortField.Version, Descending = false }, default))
            .Items.Select(r => r.Version).ShouldBe([1, 2]);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold", LatestOnly = false }, default)).Items.Single().Version.ShouldBe(1);
    }

    [Fact]
    public async Task Upgrading_rule_schema_2_keeps_every_version_change_and_tag_and_moves_the_json_off_the_head()
    {
        var path = _folder.File("v2.db");
        var created = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var a1 = Support.Rules.Vip("a", score: 0.4, tags: ["gold", "eu"]) with { Id = "a", Version = 1, CreatedAt = created, UpdatedAt = created };
        var a2 = a1 with { Version = 2, Description = "bigger spenders", Tags = ["silver", "eu"], UpdatedAt = created.AddDays(1) };
        var b1 = Support.Rules.Vip("b", domain: "forecast", score: 0.9, tags: ["gold"]) with { Id = "b", Version = 1, CreatedAt = created, UpdatedAt = created };

        // A file as schema 2 left it: the migrations of that time, and rows as its writers stored them (head with JSON).
        await using (var old = new SqliteConnector(path))
        {
            await old.EnsureSchemaAsync(RuleSchema.Area, RuleSchema.For(DatabaseKind.Sqlite).Take(2).ToArray(), default);
        }

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var (rule, deleted, head) in new[] { (a1, 0, false), (a2, 0, true), (b1, 1, true) })
            {
                var values = $"'{rule.Id}', {rule.Version}, '{rule.Name}', '{rule.Description}', '{rule.Domain}', 'draft', 'human', {deleted}, {Score(rule)}, {rule.CreatedAt.UtcTicks}, {rule.UpdatedAt.UtcTicks}, '{CanonicalJson.Serialize(rule)}'";
                var sql = new System.Text.StringBuilder($"INSERT INTO rule_versions VALUES ({values});")
                    .Append($"INSERT INTO rule_metrics VALUES ('{rule.Id}', {rule.Version}, 'score', {Score(rule)});")
                    .Append($"INSERT INTO rule_changes VALUES ('{rule.Id}', {rule.Version}, {rule.Version}, '{(rule.Version == 1 ? "create" : "update")}', '[]', 'why {rule.Version}', {rule.UpdatedAt.UtcTicks});");
                foreach (var tag in rule.Tags)
                {
                    sql.Append($"INSERT INTO rule_tags VALUES ('{rule.Id}', {rule.Version}, '{tag}');");
                    if (head)
                    {
                        sql.Append($"INSERT INTO rule_head_tags VALUES ('{tag}', '{rule.Id}', {rule.Version}, '{rule.Name}', '{rule.Description}', '{rule.Domain}', 'draft', 'human', {deleted}, {Score(rule)}, {rule.CreatedAt.UtcTicks});");
                    }
                }

                if (head)
                {
                    sql.Append($"INSERT INTO rules VALUES ({values});");
                }

                await using var command = connection.CreateCommand();
                command.CommandText = sql.ToString();
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var upgraded = await RuleForgeDatabase.OpenAsync(path, default);
        var latest = (await upgraded.Rules.GetAsync("a", null, default)).ShouldNotBeNull();
        latest.Version.ShouldBe(2);
        latest.Description.ShouldBe("bigger spenders");
        (await upgraded.Rules.GetAsync("a", 1, default)).ShouldNotBeNull().Tags.ShouldBe(["gold", "eu"]);
        var history = await upgraded.Rules.GetHistoryAsync("a", default);
        history.Select(r => r.Change.Reason).ShouldBe(["why 1", "why 2"]);
        (await upgraded.Rules.GetAsync("b", null, default)).ShouldNotBeNull().Deleted.ShouldBeTrue();
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold" }, default)).Total.ShouldBe(0);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold", IncludeDeleted = true }, default)).Items.Single().Id.ShouldBe("b");
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold", LatestOnly = false }, default)).Items.Single().Version.ShouldBe(1);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Domain = "tabular", MinScore = 0.3, Sort = RuleSortField.Score }, default)).Items.Single().Version.ShouldBe(2);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "eu", LatestOnly = false }, default)).Total.ShouldBe(2);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Domain = "tabular", LatestOnly = false, Sort = RuleSortField.Version, Descending = false }, default))
            .Items.Select(r => r.Version).ShouldBe([1, 2]);

        var next = await upgraded.Rules.UpdateAsync("a", new RulePatch { Tags = ["eu"] }, "after upgrade", 2, default);
        next.Version.ShouldBe(3);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "silver" }, default)).Total.ShouldBe(0);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "eu", LatestOnly = false, Sort = RuleSortField.Version, Descending = false }, default))
            .Items.Select(r => r.Version).ShouldBe([1, 2, 3]);
        await upgraded.Rules.RestoreAsync("b", null, default);
        (await upgraded.Rules.SearchAsync(new RuleQuery { Tag = "gold" }, default)).Items.Single().Id.ShouldBe("b");

        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        await using var columns = check.CreateCommand();
        columns.CommandText = "SELECT (SELECT COUNT(*) FROM pragma_table_info('rules') WHERE name = 'rule_json'), (SELECT version FROM ruleforge_schema WHERE area = 'rules'), (SELECT COUNT(*) FROM rule_versions)";
        await using var reader = await columns.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetInt64(0).ShouldBe(0);
        reader.GetInt64(1).ShouldBe(6);
        reader.GetInt64(2).ShouldBe(4);
    }

    private static string Score(Rule rule) => rule.Metrics["score"].ToString(System.Globalization.CultureInfo.InvariantCulture);
}
