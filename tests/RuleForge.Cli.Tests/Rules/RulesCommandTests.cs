using RuleForge.Cli.Tests.Support;

namespace RuleForge.Cli.Tests.Rules;

public sealed class RulesCommandTests : IDisposable
{
    private const string MinimalRule = """
        {"name":"vip","domain":"tabular","description":"big spenders","body":{"kind":"condition",
        "conditions":[{"variable":"points","operator":">","value":100}],"outcome":{"variable":"segment","value":"vip"}}}
        """;

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_prints_the_rule_with_id_and_version_1()
    {
        var json = (await _cli.RunAsync("rules", "add", "--file", _cli.WriteFile("r.json", MinimalRule), "--json")).Json();

        json.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("version").GetInt32().ShouldBe(1);
        json.GetProperty("body").GetProperty("conditions")[0].GetProperty("operator").GetString().ShouldBe(">");
    }

    [Fact]
    public async Task Add_reads_stdin_for_dash()
    {
        var json = (await _cli.RunWithInputAsync(MinimalRule, "rules", "add", "--file", "-", "--json")).Json();

        json.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Update_with_a_patch_file_prints_the_next_version()
    {
        var id = await AddAsync();

        var json = (await _cli.RunAsync("rules", "update", id, "--file", _cli.WriteFile("p.json", """{"description":"huge spenders"}"""), "--json")).Json();

        json.GetProperty("version").GetInt32().ShouldBe(2);
        json.GetProperty("description").GetString().ShouldBe("huge spenders");
        json.GetProperty("name").GetString().ShouldBe("vip");
    }

    [Fact]
    public async Task History_is_an_array_of_versions()
    {
        var id = await AddAsync();
        await _cli.RunAsync("rules", "update", id, "--description", "x", "--reason", "why not");

        var json = (await _cli.RunAsync("rules", "history", id, "--json")).Json();

        json.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ShouldBe([1, 2]);
        json[1].GetProperty("change").GetProperty("reason").GetString().ShouldBe("why not");
    }

    [Fact]
    public async Task Search_returns_total_and_items()
    {
        await AddAsync();
        await _cli.RunAsync("rules", "add", "--file", _cli.WriteFile("o.json", MinimalRule.Replace("big spenders", "other", StringComparison.Ordinal)));

        var json = (await _cli.RunAsync("rules", "search", "--text", "spend", "--json")).Json();

        json.GetProperty("total").GetInt32().ShouldBe(1);
        json.GetProperty("items")[0].GetProperty("version").GetInt32().ShouldBe(1);
        json.GetProperty("items")[0].GetProperty("id").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task Delete_hides_from_search_and_restore_brings_back()
    {
        var id = await AddAsync();

        (await _cli.RunAsync("rules", "delete", id)).Code.ShouldBe(0);
        (await _cli.RunAsync("rules", "search", "--json")).Json().GetProperty("total").GetInt32().ShouldBe(0);
        (await _cli.RunAsync("rules", "show", id, "--json")).Json().GetProperty("deleted").GetBoolean().ShouldBeTrue();
        (await _cli.RunAsync("rules", "restore", id)).Code.ShouldBe(0);
        (await _cli.RunAsync("rules", "search", "--json")).Json().GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Show_prints_the_canonical_rule()
    {
        var id = await AddAsync();

        var json = (await _cli.RunAsync("rules", "show", id, "--json")).Json();

        json.GetProperty("id").GetString().ShouldBe(id);
        json.GetProperty("status").GetString().ShouldBe("draft");
    }

    [Fact]
    public async Task Text_output_is_a_table()
    {
        await AddAsync();

        var result = await _cli.RunAsync("rules", "search");

        result.Code.ShouldBe(0);
        result.Out.ShouldContain("vip");
        result.Out.ShouldContain("1 shown of 1 matching");
    }

    [Fact]
    public async Task Malformed_json_exits_2_naming_file_and_line()
    {
        var file = _cli.WriteFile("bad.json", "{\"name\": \"x\",\n \"domain\": }");

        var result = await _cli.RunAsync("rules", "add", "--file", file);

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("bad.json:2");
    }

    [Fact]
    public async Task An_unknown_field_exits_2_naming_the_field()
    {
        var result = await _cli.RunAsync("rules", "add", "--file", _cli.WriteFile("bad.json", MinimalRule.Replace("\"name\"", "\"colour\":\"red\",\"name\"", StringComparison.Ordinal)));

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("colour");
    }

    [Fact]
    public async Task A_wrong_type_exits_2_naming_the_field()
    {
        var result = await _cli.RunAsync("rules", "add", "--file", _cli.WriteFile("bad.json", MinimalRule.Replace("\"vip\",\"domain\"", "42,\"domain\"", StringComparison.Ordinal)));

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("$.name");
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_it()
    {
        var result = await _cli.RunAsync("rules", "add", "--file", "nowhere.json");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("nowhere.json");
    }

    [Fact]
    public async Task An_unknown_rule_exits_2()
    {
        var result = await _cli.RunAsync("rules", "show", "ghost");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("ghost");
    }

    [Fact]
    public async Task A_refused_status_change_exits_2_and_stores_nothing()
    {
        var id = await AddAsync();
        await _cli.RunAsync("rules", "update", id, "--status", "retired");

        var result = await _cli.RunAsync("rules", "update", id, "--status", "draft");

        result.Code.ShouldBe(2);
        result.Error.ShouldContain("retired → draft");
        (await _cli.RunAsync("rules", "show", id, "--json")).Json().GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Diff_lists_changed_fields()
    {
        var id = await AddAsync();
        await _cli.RunAsync("rules", "update", id, "--description", "changed");

        var json = (await _cli.RunAsync("rules", "diff", id, "--from", "1", "--to", "2", "--json")).Json();

        json.GetProperty("changes")[0].GetProperty("path").GetString().ShouldBe("description");
    }

    [Fact]
    public async Task Importing_an_export_twice_changes_nothing()
    {
        var id = await AddAsync();
        await _cli.RunAsync("rules", "update", id, "--description", "v2");
        var export = Path.Combine(_cli.Folder, "export.json");
        (await _cli.RunAsync("rules", "export", "--file", export, "--all-versions")).Code.ShouldBe(0);
        using var other = new CliRunner();
        var copy = other.WriteFile("export.json", File.ReadAllText(export));

        var first = (await other.RunAsync("rules", "import", "--file", copy, "--json")).Json();
        var second = (await other.RunAsync("rules", "import", "--file", copy, "--json")).Json();

        first.GetProperty("added").GetArrayLength().ShouldBe(1);
        second.GetProperty("added").GetArrayLength().ShouldBe(0);
        second.GetProperty("updated").GetArrayLength().ShouldBe(0);
        second.GetProperty("unchanged")[0].GetString().ShouldBe(id);
        (await other.RunAsync("rules", "history", id, "--json")).Json().GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Changes_lists_deletes_and_restores_with_their_reasons()
    {
        var id = await AddAsync();
        (await _cli.RunAsync("rules", "delete", id, "--reason", "replaced")).Code.ShouldBe(0);
        (await _cli.RunAsync("rules", "restore", id, "--reason", "still needed")).Code.ShouldBe(0);

        var changes = (await _cli.RunAsync("rules", "changes", id, "--json")).Json();

        changes.EnumerateArray().Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("version").GetInt32())).ShouldBe([("create", 1), ("delete", 1), ("restore", 1)]);
        changes[1].GetProperty("reason").GetString().ShouldBe("replaced");
        (await _cli.RunAsync("rules", "changes", id)).Out.ShouldContain("still needed");
        (await _cli.RunAsync("rules", "history", id, "--json")).Json().GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Help_lists_the_rule_commands()
    {
        var result = await _cli.RunAsync("rules", "--help");

        result.Code.ShouldBe(0);
        foreach (var name in new[] { "add", "update", "show", "history", "changes", "diff", "search", "delete", "restore", "export", "import" })
        {
            result.Out.ShouldContain(name);
        }
    }

    private async Task<string> AddAsync() =>
        (await _cli.RunAsync("rules", "add", "--file", _cli.WriteFile("r.json", MinimalRule), "--json")).Json().GetProperty("id").GetString()!;
}
