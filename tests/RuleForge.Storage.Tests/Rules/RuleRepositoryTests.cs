using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;
using static RuleForge.Storage.Tests.Support.Rules;

namespace RuleForge.Storage.Tests.Rules;

/// <summary>The rule repository contract, run against SQLite and PostgreSQL.</summary>
public abstract class RuleRepositoryTests : StoreTestBase
{
    private IRuleRepository Repo => Db.Rules;

    [DatabaseFact]
    public async Task Adding_a_rule_stores_version_1_with_a_new_id()
    {
        var added = await Repo.AddAsync(Vip(), "first", default);

        added.Id.ShouldNotBeNullOrEmpty();
        added.Version.ShouldBe(1);
        added.CreatedAt.ShouldBe(Clock.GetUtcNow());
        var stored = (await Repo.GetAsync(added.Id, null, default)).ShouldNotBeNull();
        Core.Serialization.CanonicalJson.Serialize(stored).ShouldBe(Core.Serialization.CanonicalJson.Serialize(added));
    }

    [DatabaseFact]
    public async Task Existing_ids_are_found_in_chunks_deleted_rules_included()
    {
        await Repo.AddManyAsync([.. Enumerable.Range(0, 1200).Select(i => Vip() with { Id = $"e{i:D4}" })], "bulk", default);
        await Repo.DeleteAsync("e0007", null, default);
        string[] asked = [.. Enumerable.Range(0, 1300).Select(i => $"e{i:D4}"), "e0007", "unknown"];

        var found = await Repo.ExistingIdsAsync(asked, default);

        found.Count.ShouldBe(1200);
        found.ShouldContain("e0007");
        found.ShouldContain("e1199");
        found.ShouldNotContain("e1200");
        (await Repo.GetChangesAsync("e0500", default)).Single().Reason.ShouldBe("bulk");
    }

    [DatabaseFact]
    public async Task Importing_adds_unknown_rules_in_bulk_keeps_their_later_versions_and_is_atomic_per_bulk_add()
    {
        var exchange = new RuleExchange(Repo, Clock);
        Rule[] file =
        [
            Vip() with { Id = "b", Version = 1, Description = "b one" },
            Vip() with { Id = "a", Version = 2, Description = "a two" },
            Vip() with { Id = "a", Version = 1, Description = "a one" },
        ];

        var report = await exchange.ImportAsync(file, "import from f.json", default);

        report.Added.ShouldBe(["a", "b"]);
        report.Updated.ShouldBeEmpty();
        (await Repo.GetHistoryAsync("a", default)).Select(r => r.Rule.Description).ShouldBe(["a one", "a two"]);
        (await Repo.GetChangesAsync("b", default)).Single().Reason.ShouldBe("import from f.json");

        // A bad new rule refuses the whole bulk add, naming it; nothing of it is stored.
        var error = await Should.ThrowAsync<InputException>(() => exchange.ImportAsync([Vip() with { Id = "c" }, Vip() with { Id = "d", Name = "" }], null, default));
        error.Message.ShouldContain("rule 'd'");
        (await Repo.ExistingIdsAsync(["c", "d"], default)).ShouldBeEmpty();
    }

    [DatabaseFact]
    public async Task A_rule_exported_as_deleted_is_imported_as_deleted_and_a_second_import_changes_nothing()
    {
        var exchange = new RuleExchange(Repo, Clock);
        await Repo.AddAsync(Vip("gone") with { Id = "gone" }, null, default);
        await Repo.AddAsync(Vip("kept") with { Id = "kept" }, null, default);
        await Repo.DeleteAsync("gone", "superseded", default);
        var export = await exchange.ExportAsync(new RuleQuery { IncludeDeleted = true }, allVersions: false, default);
        var json = CanonicalJson.Serialize(export);

        // Back into the store where "gone" was restored meanwhile: the file's deleted flag wins, once.
        await Repo.RestoreAsync("gone", null, default);
        var first = await exchange.ImportAsync(RuleExchange.Parse(json, "export.json"), "import", default);
        var second = await exchange.ImportAsync(RuleExchange.Parse(json, "export.json"), "import", default);

        first.Updated.ShouldBe(["gone"]);
        second.Updated.ShouldBeEmpty();
        second.Unchanged.ShouldBe(["gone", "kept"], ignoreOrder: true);
        (await Repo.GetAsync("gone", null, default)).ShouldNotBeNull().Deleted.ShouldBeTrue();
        (await Repo.GetAsync("kept", null, default)).ShouldNotBeNull().Deleted.ShouldBeFalse();
        (await Repo.SearchAsync(new RuleQuery(), default)).Items.Select(r => r.Id).ShouldBe(["kept"]);
    }

    [DatabaseFact]
    public async Task Adding_an_existing_id_is_refused()
    {
        await Repo.AddAsync(Vip() with { Id = "r1" }, null, default);

        var error = await Should.ThrowAsync<InputException>(() => Repo.AddAsync(Vip() with { Id = "r1" }, null, default));

        error.Message.ShouldContain("'r1' already exists");
    }

    [DatabaseFact]
    public async Task A_condition_whose_value_does_not_fit_its_operator_is_refused_on_add_and_update()
    {
        var between = new ConditionRule { Conditions = [new("age", ConditionOperator.Between, RuleValue.Of(5))], Outcome = new("segment", RuleValue.Of("young")) };

        var added = await Should.ThrowAsync<InputException>(() => Repo.AddAsync(Vip() with { Id = "b1", Body = between }, null, default));
        var rule = await Repo.AddAsync(Vip() with { Id = "b2" }, null, default);
        var updated = await Should.ThrowAsync<InputException>(() => Repo.UpdateAsync(rule.Id, new RulePatch { Body = between }, null, null, default));

        added.Message.ShouldContain("rule 'b1': field 'body.conditions[0]' (age between 5): 'between' needs a list of two numbers [low, high]");
        updated.Message.ShouldContain("'between' needs a list of two numbers");
        (await Repo.GetAsync("b1", null, default)).ShouldBeNull();
        (await Repo.GetAsync("b2", null, default)).ShouldNotBeNull().Version.ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Generated_ids_follow_the_clock_and_increase_while_given_ids_of_any_shape_are_kept()
    {
        // An id of the earlier random shape (16 hex digits) and a user's own id sit beside generated ones.
        var batch = new[] { Vip("a"), Vip("b") with { Id = "9f3c0a7be21d4c55" }, Vip("c"), Vip("d") with { Id = "my-rule.1" }, Vip("e") };
        var added = await Repo.AddManyAsync(batch, default);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var later = await Repo.AddAsync(Vip("f"), null, default);

        added[1].Id.ShouldBe("9f3c0a7be21d4c55");
        added[3].Id.ShouldBe("my-rule.1");
        string[] generated = [added[0].Id, added[2].Id, added[4].Id, later.Id];
        generated.ShouldAllBe(id => id.Length == 20 && id.All(char.IsAsciiHexDigitLower));
        generated.ShouldBe(generated.Order(StringComparer.Ordinal).ToArray());
        // The time part is the clock's millisecond, or later where this process's generator already ran ahead of it.
        var clockPart = Clock.GetUtcNow().AddMilliseconds(-1).ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        string.CompareOrdinal(generated[0][..12], clockPart).ShouldBeGreaterThanOrEqualTo(0);
        foreach (var id in added.Select(r => r.Id).Append(later.Id))
        {
            (await Repo.UpdateAsync(id, new RulePatch { Description = "changed" }, null, null, default)).Version.ShouldBe(2);
        }

        (await Repo.SearchAsync(new RuleQuery { Text = "changed" }, default)).Total.ShouldBe(6);
    }

    [DatabaseFact]
    public async Task Updating_makes_the_next_version_and_keeps_the_earlier_one()
    {
        var v1 = await Repo.AddAsync(Vip(), null, default);
        Clock.Advance(TimeSpan.FromHours(1));

        var v2 = await Repo.UpdateAsync(v1.Id, new RulePatch { Description = "very big spenders" }, "clearer", null, default);

        v2.Version.ShouldBe(2);
        v2.Description.ShouldBe("very big spenders");
        v2.Name.ShouldBe("vip");
        v2.CreatedAt.ShouldBe(v1.CreatedAt);
        v2.UpdatedAt.ShouldBe(v1.CreatedAt + TimeSpan.FromHours(1));
        (await Repo.GetAsync(v1.Id, 1, default))!.Description.ShouldBe("big spenders");
        (await Repo.GetAsync(v1.Id, null, default))!.Version.ShouldBe(2);
    }

    [DatabaseFact]
    public async Task History_lists_every_version_with_what_changed_when_and_why()
    {
        var v1 = await Repo.AddAsync(Vip(), "imported", default);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await Repo.UpdateAsync(v1.Id, new RulePatch { Description = "d2", Tags = ["x"] }, "tidy", null, default);

        var history = await Repo.GetHistoryAsync(v1.Id, default);

        history.Select(h => h.Rule.Version).ShouldBe([1, 2]);
        history[0].Change.Kind.ShouldBe(RuleChangeKind.Create);
        history[0].Change.Reason.ShouldBe("imported");
        history[1].Change.Fields.ShouldBe(["description", "tags"], ignoreOrder: true);
        history[1].Change.Reason.ShouldBe("tidy");
        history[1].Change.At.ShouldBe(v1.CreatedAt + TimeSpan.FromMinutes(5));
    }

    [DatabaseFact]
    public async Task Diff_names_the_changed_paths_with_before_and_after()
    {
        var v1 = await Repo.AddAsync(Vip(), null, default);
        await Repo.UpdateAsync(v1.Id, new RulePatch
        {
            Body = new ConditionRule { Conditions = [new("points", ConditionOperator.Greater, RuleValue.Of(200))], Outcome = new("segment", RuleValue.Of("vip")) },
        }, null, null, default);

        var diff = await Repo.DiffAsync(v1.Id, 1, 2, default);

        var change = diff.Changes.ShouldHaveSingleItem();
        change.Path.ShouldBe("body.conditions[0].value");
        change.Before.ShouldBe("100");
        change.After.ShouldBe("200");
    }

    [DatabaseFact]
    public async Task Diff_of_a_missing_version_says_which_versions_exist()
    {
        var v1 = await Repo.AddAsync(Vip(), null, default);

        var error = await Should.ThrowAsync<RuleNotFoundException>(() => Repo.DiffAsync(v1.Id, 1, 7, default));

        error.Message.ShouldContain("no version 7 (latest is 1)");
    }

    [DatabaseFact]
    public async Task A_refused_status_transition_names_both_statuses_and_stores_nothing()
    {
        var v1 = await Repo.AddAsync(Vip() with { Status = RuleStatus.Retired }, null, default);

        var error = await Should.ThrowAsync<InputException>(() => Repo.UpdateAsync(v1.Id, new RulePatch { Status = RuleStatus.Draft }, null, null, default));

        error.Message.ShouldContain("retired → draft");
        (await Repo.GetHistoryAsync(v1.Id, default)).Count.ShouldBe(1);
    }

    [DatabaseFact]
    public async Task An_allowed_status_transition_is_stored()
    {
        var v1 = await Repo.AddAsync(Vip(), null, default);

        var v2 = await Repo.UpdateAsync(v1.Id, new RulePatch { Status = RuleStatus.Active }, null, null, default);

        v2.Status.ShouldBe(RuleStatus.Active);
    }

    [DatabaseFact]
    public async Task An_update_expecting_an_old_version_fails_without_storing()
    {
        var v1 = await Repo.AddAsync(Vip(), null, default);
        await Repo.UpdateAsync(v1.Id, new RulePatch { Description = "a" }, null, 1, default);

        var error = await Should.ThrowAsync<ConcurrencyConflictException>(() => Repo.UpdateAsync(v1.Id, new RulePatch { Description = "b" }, null, 1, default));

        error.ActualVersion.ShouldBe(2);
        (await Repo.GetAsync(v1.Id, null, default))!.Description.ShouldBe("a");
    }

    [DatabaseFact]
    public async Task Updating_an_unknown_rule_names_it()
    {
        var error = await Should.ThrowAsync<RuleNotFoundException>(() => Repo.UpdateAsync("ghost", new RulePatch { Description = "x" }, null, null, default));

        error.Message.ShouldContain("'ghost'");
    }

    [DatabaseFact]
    public async Task Concurrent_updates_in_one_process_produce_contiguous_versions()
    {
        var v1 = await Repo.AddAsync(Vip(), null, default);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Repo.UpdateAsync(v1.Id, new RulePatch { Description = $"d{i}" }, null, null, default))));

        var history = await Repo.GetHistoryAsync(v1.Id, default);
        history.Select(h => h.Rule.Version).ShouldBe(Enumerable.Range(1, 21));
        history.Skip(1).Select(h => h.Rule.Description).ShouldBe(Enumerable.Range(0, 20).Select(i => $"d{i}"), ignoreOrder: true);
    }

    [DatabaseFact]
    public async Task A_deleted_rule_leaves_search_until_restored()
    {
        var rule = await Repo.AddAsync(Vip(), null, default);

        (await Repo.DeleteAsync(rule.Id, "obsolete", default)).Deleted.ShouldBeTrue();
        (await Repo.SearchAsync(new RuleQuery(), default)).Total.ShouldBe(0);
        (await Repo.SearchAsync(new RuleQuery { IncludeDeleted = true }, default)).Items.ShouldHaveSingleItem().Deleted.ShouldBeTrue();
        (await Repo.GetAsync(rule.Id, null, default))!.Deleted.ShouldBeTrue();

        await Repo.RestoreAsync(rule.Id, null, default);

        (await Repo.SearchAsync(new RuleQuery(), default)).Items.ShouldHaveSingleItem().Id.ShouldBe(rule.Id);
        (await Repo.GetChangesAsync(rule.Id, default)).Select(c => c.Kind).ShouldBe([RuleChangeKind.Create, RuleChangeKind.Delete, RuleChangeKind.Restore]);
    }

    [DatabaseFact]
    public async Task A_deleted_rule_cannot_be_updated()
    {
        var rule = await Repo.AddAsync(Vip(), null, default);
        await Repo.DeleteAsync(rule.Id, null, default);

        var error = await Should.ThrowAsync<InputException>(() => Repo.UpdateAsync(rule.Id, new RulePatch { Name = "x" }, null, null, default));

        error.Message.ShouldContain("restore");
    }

    [DatabaseFact]
    public async Task Search_combines_filters_and_counts_all_matches()
    {
        await Repo.AddManyAsync(
        [
            Vip("alpha", "tabular", 0.9, "gold"),
            Vip("beta", "tabular", 0.5, "gold") with { Status = RuleStatus.Active },
            Vip("gamma", "tabular", 0.7) with { Status = RuleStatus.Active, Source = RuleSource.Llm },
            Vip("delta", "forecast", 0.95) with { Status = RuleStatus.Active },
        ], default);

        var result = await Repo.SearchAsync(new RuleQuery { Domain = "tabular", Status = RuleStatus.Active, MinScore = 0.6 }, default);

        result.Total.ShouldBe(1);
        result.Items.ShouldHaveSingleItem().Name.ShouldBe("gamma");
        (await Repo.SearchAsync(new RuleQuery { Tag = "gold" }, default)).Total.ShouldBe(2);
        (await Repo.SearchAsync(new RuleQuery { Source = RuleSource.Llm }, default)).Items.Single().Name.ShouldBe("gamma");
        (await Repo.SearchAsync(new RuleQuery { MinScore = 0.6, MaxScore = 0.92 }, default)).Total.ShouldBe(2);
    }

    [DatabaseFact]
    public async Task Text_search_matches_name_or_description_ignoring_case()
    {
        await Repo.AddAsync(Vip("Loyal customers") with { Description = "repeat buyers" }, null, default);
        await Repo.AddAsync(Vip("other") with { Description = "LOYALTY card" }, null, default);
        await Repo.AddAsync(Vip("100%_off") with { Description = "x" }, null, default);

        (await Repo.SearchAsync(new RuleQuery { Text = "loyal" }, default)).Total.ShouldBe(2);
        (await Repo.SearchAsync(new RuleQuery { Text = "%_" }, default)).Items.Single().Name.ShouldBe("100%_off");
    }

    [DatabaseFact]
    public async Task Search_sorts_pages_and_reports_the_total()
    {
        foreach (var (name, score) in new[] { ("c", 0.3), ("a", 0.9), ("b", 0.6) })
        {
            await Repo.AddAsync(Vip(name, score: score), null, default);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Repo.AddAsync(Vip("unscored"), null, default);

        (await Repo.SearchAsync(new RuleQuery { Sort = RuleSortField.Name, Descending = false }, default)).Items.Select(r => r.Name).ShouldBe(["a", "b", "c", "unscored"]);
        (await Repo.SearchAsync(new RuleQuery { Sort = RuleSortField.Score }, default)).Items.Select(r => r.Name).ShouldBe(["a", "b", "c", "unscored"]);
        (await Repo.SearchAsync(new RuleQuery { Sort = RuleSortField.Score, Descending = false }, default)).Items.Select(r => r.Name).ShouldBe(["c", "b", "a", "unscored"]);
        (await Repo.SearchAsync(new RuleQuery { Sort = RuleSortField.Created }, default)).Items.Select(r => r.Name).ShouldBe(["unscored", "b", "a", "c"]);
        var page = await Repo.SearchAsync(new RuleQuery { Sort = RuleSortField.Name, Descending = false, Limit = 2, Offset = 1 }, default);
        page.Total.ShouldBe(4);
        page.Items.Select(r => r.Name).ShouldBe(["b", "c"]);
    }

    [DatabaseFact]
    public async Task Search_filters_on_creation_time()
    {
        await Repo.AddAsync(Vip("old"), null, default);
        Clock.Advance(TimeSpan.FromDays(1));
        var cut = Clock.GetUtcNow();
        await Repo.AddAsync(Vip("new"), null, default);

        (await Repo.SearchAsync(new RuleQuery { CreatedAfter = cut }, default)).Items.Single().Name.ShouldBe("new");
        (await Repo.SearchAsync(new RuleQuery { CreatedBefore = cut }, default)).Items.Single().Name.ShouldBe("old");
    }

    [DatabaseFact]
    public async Task Search_over_all_versions_or_latest_only()
    {
        var rule = await Repo.AddAsync(Vip(score: 0.2), null, default);
        await Repo.UpdateAsync(rule.Id, new RulePatch { Metrics = new Dictionary<string, double> { ["score"] = 0.8 } }, null, null, default);

        (await Repo.SearchAsync(new RuleQuery(), default)).Items.Single().Version.ShouldBe(2);
        (await Repo.SearchAsync(new RuleQuery { LatestOnly = false, Sort = RuleSortField.Version, Descending = false }, default)).Items.Select(r => r.Version).ShouldBe([1, 2]);
        (await Repo.SearchAsync(new RuleQuery { LatestOnly = false, MaxScore = 0.5 }, default)).Items.Single().Version.ShouldBe(1);
    }

    [DatabaseFact]
    public async Task An_all_versions_search_pages_latest_and_superseded_versions_as_one_sorted_list()
    {
        // Three rules of three versions each; scores interleave the latest and superseded versions.
        var expected = new List<(string Name, int Version, double Score)>();
        foreach (var (name, i) in new[] { ("a", 0), ("b", 1), ("c", 2) })
        {
            var rule = await Repo.AddAsync(Vip(name, score: 0.1 + (i * 0.01), tags: ["t"]), null, default);
            expected.Add((name, 1, 0.1 + (i * 0.01)));
            foreach (var version in new[] { 2, 3 })
            {
                var score = (version * 0.2) + (i * 0.01) + (version == 3 && name == "b" ? -0.45 : 0);
                await Repo.UpdateAsync(rule.Id, new RulePatch { Metrics = new Dictionary<string, double> { ["score"] = score }, Tags = version == 3 ? ["t", "u"] : ["t"] }, null, null, default);
                expected.Add((name, version, score));
            }
        }

        var order = expected.OrderByDescending(e => e.Score).Select(e => (e.Name, e.Version)).ToList();
        var pages = new List<(string, int)>();
        for (var offset = 0; offset < 9; offset += 4)
        {
            var page = await Repo.SearchAsync(new RuleQuery { LatestOnly = false, Tag = offset == 4 ? "t" : null, Sort = RuleSortField.Score, Limit = 4, Offset = offset }, default);
            page.Total.ShouldBe(9);
            pages.AddRange(page.Items.Select(r => (r.Name, r.Version)));
        }

        pages.ShouldBe(order);
        var filtered = await Repo.SearchAsync(new RuleQuery { LatestOnly = false, MinScore = 0.4, Sort = RuleSortField.Name, Descending = false, Limit = 3, Offset = 2 }, default);
        filtered.Total.ShouldBe(expected.Count(e => e.Score >= 0.4));
        filtered.Items.Select(r => (r.Name, r.Version)).ShouldBe(expected.Where(e => e.Score >= 0.4).OrderBy(e => e.Name).ThenBy(e => e.Version).Skip(2).Take(3).Select(e => (e.Name, e.Version)));
        (await Repo.SearchAsync(new RuleQuery { LatestOnly = false, Tag = "u" }, default)).Total.ShouldBe(3);
    }

    [DatabaseFact]
    public async Task A_tag_search_follows_updates_deletes_and_restores()
    {
        var rule = await Repo.AddAsync(Vip("a", score: 0.4, tags: ["gold", "eu"]), null, default);
        await Repo.AddAsync(Vip("b", score: 0.9, tags: ["gold"]), null, default);

        await Repo.UpdateAsync(rule.Id, new RulePatch { Tags = ["silver", "eu"], Metrics = new Dictionary<string, double> { ["score"] = 0.7 } }, null, null, default);

        (await Repo.SearchAsync(new RuleQuery { Tag = "gold" }, default)).Items.Select(r => r.Name).ShouldBe(["b"]);
        (await Repo.SearchAsync(new RuleQuery { Tag = "silver", MinScore = 0.6 }, default)).Items.Single().Version.ShouldBe(2);
        (await Repo.SearchAsync(new RuleQuery { Tag = "gold", LatestOnly = false, Sort = RuleSortField.Name, Descending = false }, default))
            .Items.Select(r => (r.Name, r.Version)).ShouldBe([("a", 1), ("b", 1)]);
        await Repo.DeleteAsync(rule.Id, null, default);
        (await Repo.SearchAsync(new RuleQuery { Tag = "eu" }, default)).Total.ShouldBe(0);
        (await Repo.SearchAsync(new RuleQuery { Tag = "eu", IncludeDeleted = true }, default)).Items.Single().Deleted.ShouldBeTrue();
        await Repo.RestoreAsync(rule.Id, null, default);
        (await Repo.SearchAsync(new RuleQuery { Tag = "eu", Text = "A" }, default)).Items.Single().Version.ShouldBe(2);
    }

    [DatabaseFact]
    public async Task A_tag_search_filters_sorts_and_pages_like_any_search()
    {
        await Repo.AddManyAsync(
        [
            Vip("c", score: 0.3, tags: ["t"]) with { Status = RuleStatus.Active },
            Vip("a", score: 0.9, tags: ["t"]) with { Status = RuleStatus.Active },
            Vip("d", score: 0.1, tags: ["t"]),
            Vip("b", tags: ["t"]) with { Status = RuleStatus.Active, Metrics = new Dictionary<string, double> { ["f1"] = 0.5 } },
            Vip("e", score: 0.2, tags: ["other"]) with { Status = RuleStatus.Active },
        ], default);

        var page = await Repo.SearchAsync(new RuleQuery { Tag = "t", Status = RuleStatus.Active, Sort = RuleSortField.Name, Descending = false, Limit = 2, Offset = 1 }, default);
        page.Total.ShouldBe(3);
        page.Items.Select(r => r.Name).ShouldBe(["b", "c"]);
        (await Repo.SearchAsync(new RuleQuery { Tag = "t", Sort = RuleSortField.Score }, default)).Items.Select(r => r.Name).ShouldBe(["a", "c", "d", "b"]);
        (await Repo.SearchAsync(new RuleQuery { Tag = "t", Status = RuleStatus.Active, MaxScore = 0.5 }, default)).Items.Single().Name.ShouldBe("c");
        (await Repo.SearchAsync(new RuleQuery { Tag = "t", ScoreMetric = "f1", MinScore = 0.4 }, default)).Items.Single().Name.ShouldBe("b");
    }

    [DatabaseFact]
    public async Task Search_can_use_a_named_metric_as_the_score()
    {
        await Repo.AddAsync(Vip("a") with { Metrics = new Dictionary<string, double> { ["f1"] = 0.4 } }, null, default);
        await Repo.AddAsync(Vip("b") with { Metrics = new Dictionary<string, double> { ["f1"] = 0.8 } }, null, default);

        var result = await Repo.SearchAsync(new RuleQuery { ScoreMetric = "f1", MinScore = 0.5 }, default);
        result.Items.Single().Name.ShouldBe("b");
        (await Repo.SearchAsync(new RuleQuery { ScoreMetric = "f1", Sort = RuleSortField.Score, Descending = false }, default)).Items.Select(r => r.Name).ShouldBe(["a", "b"]);
    }

    [DatabaseFact]
    public async Task A_bulk_add_with_one_bad_rule_stores_none()
    {
        await Repo.AddAsync(Vip() with { Id = "taken" }, null, default);

        await Should.ThrowAsync<InputException>(() => Repo.AddManyAsync([Vip("fresh") with { Id = "fresh" }, Vip() with { Id = "taken" }], default));

        (await Repo.GetAsync("fresh", null, default)).ShouldBeNull();
        (await Repo.SearchAsync(new RuleQuery(), default)).Total.ShouldBe(1);
    }

    [DatabaseFact]
    public async Task Bad_rules_are_refused_naming_the_field()
    {
        (await Should.ThrowAsync<InputException>(() => Repo.AddAsync(Vip() with { Name = " " }, null, default))).Message.ShouldContain("'name'");
        (await Should.ThrowAsync<InputException>(() => Repo.AddAsync(Vip() with { Id = "bad id!" }, null, default))).Message.ShouldContain("'id'");
        (await Should.ThrowAsync<InputException>(() => Repo.AddAsync(Vip() with { Metrics = new Dictionary<string, double> { ["f1"] = double.NaN } }, null, default))).Message.ShouldContain("metrics.f1");
    }

    [DatabaseFact]
    public async Task A_patch_naming_another_rule_is_refused()
    {
        var rule = await Repo.AddAsync(Vip(), null, default);

        var error = await Should.ThrowAsync<InputException>(() => Repo.UpdateAsync(rule.Id, new RulePatch { Id = "other" }, null, null, default));

        error.Message.ShouldContain("'id'");
    }
}

public sealed class SqliteRuleRepositoryTests(SqliteDatabases files) : RuleRepositoryTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());

    [DatabaseFact]
    public async Task A_bulk_add_defers_its_checkpoint_without_leaving_it_off_or_losing_rules()
    {
        await Db.Rules.AddManyAsync([.. Enumerable.Range(0, 1200).Select(i => Vip($"r{i}", tags: ["t"]) with { Id = $"r{i:D4}" })], default);

        // The bulk write's pooled connection turned its own checkpoint off for the commit; the next user gets the default.
        await using (var connection = await Db.Connector.OpenConnectionAsync(default))
        {
            (await connection.ScalarAsync<long>(null, "PRAGMA wal_autocheckpoint", default)).ShouldBe(1000);
        }

        await Db.DisposeAsync(); // waits for the background checkpoint
        await using var reopened = RuleForgeDatabase.Open(DbTarget, Clock);
        (await reopened.Rules.SearchAsync(new RuleQuery { Tag = "t" }, default)).Total.ShouldBe(1200);
        (await reopened.Rules.GetAsync("r1199", null, default)).ShouldNotBeNull().Name.ShouldBe("r1199");
    }
}

public sealed class PostgresRuleRepositoryTests(PostgresDatabase pg) : RuleRepositoryTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
