using RuleForge.Core.Errors;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;
using RuleForge.Llm.Recording;
using RuleForge.Llm.Tests.Support;
using RuleForge.Storage;
using RuleForge.Testing;
using RuleForge.Testing.Chat;

namespace RuleForge.Llm.Tests.Caching;

/// <summary>The persisted response cache and record/replay files.</summary>
public sealed class CacheAndReplayTests : ChatServerTestBase
{
    [Fact]
    public async Task A_repeated_request_is_a_cache_hit_across_sessions_costing_nothing()
    {
        Server.DefaultReply = r => ScriptedReply.Reply($"answer to {r.LastUserMessage}", promptTokens: 100, completionTokens: 10);
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m) };
        var db = Folder.File("cache.db");
        await using (var first = await OpenAsync(settings, db))
        {
            (await first.Model.CompleteAsync(Ask("q"), default)).Usage.CacheHits.ShouldBe(0);
        }

        await using var second = await OpenAsync(settings, db);
        var hit = await second.Model.CompleteAsync(Ask("q"), default);
        var other = await second.Model.CompleteAsync(Ask("q") with { Temperature = 0.9 }, default);

        hit.Text.ShouldBe("answer to q");
        hit.Usage.CacheHits.ShouldBe(1);
        hit.Usage.CostUsd.ShouldBe(0m);
        hit.Usage.Requests.ShouldBe(0);
        other.Usage.CacheHits.ShouldBe(0);
        Server.RequestCount.ShouldBe(2);
        second.Usage.Total.CacheHits.ShouldBe(1);
        (await second.Ledger.GetReportAsync(default)).Totals.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task Another_server_with_the_same_model_name_is_not_answered_from_the_cache()
    {
        await using var otherServer = await ChatTestServer.StartAsync();
        var db = Folder.File("two.db");
        await using (var first = await OpenAsync(Settings.OpenAi(Server), db))
        {
            await first.Model.CompleteAsync(Ask("q"), default);
        }

        await using var second = await OpenAsync(Settings.OpenAi(otherServer), db);
        (await second.Model.CompleteAsync(Ask("q"), default)).Usage.CacheHits.ShouldBe(0);

        otherServer.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task Expired_entries_are_not_used()
    {
        var time = new ObservedTime();
        var settings = Settings.OpenAi(Server) with { CacheTtl = TimeSpan.FromHours(1) };
        await using var session = await new ChatModelBuilder(settings).UseTimeProvider(time).BuildAsync(default);

        await session.Model.CompleteAsync(Ask("q"), default);
        time.Advance(TimeSpan.FromHours(2));
        var again = await session.Model.CompleteAsync(Ask("q"), default);

        again.Usage.CacheHits.ShouldBe(0);
        Server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task No_cache_means_every_call_is_sent()
    {
        await using var session = await new ChatModelBuilder(Settings.OpenAi(Server) with { CacheEnabled = false }).BuildAsync(default);

        await session.Model.CompleteAsync(Ask("q"), default);
        await session.Model.CompleteAsync(Ask("q"), default);

        Server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task Recorded_exchanges_replay_offline_in_order()
    {
        var file = Folder.File("run.jsonl");
        Server.Enqueue(ScriptedReply.Reply("one", 11, 1), ScriptedReply.Reply("two", 12, 2));
        var settings = Settings.OpenAi(Server) with { RecordPath = file, CacheEnabled = false };
        await using (var recording = await new ChatModelBuilder(settings).BuildAsync(default))
        {
            await recording.Model.CompleteAsync(Ask("a"), default);
            await recording.Model.CompleteAsync(Ask("b"), default);
        }

        await Server.DisposeAsync();
        var replaySettings = new LlmSettings { Model = "m", MaxTokens = 100, ReplayPath = file };
        await using var replay = await new ChatModelBuilder(replaySettings).BuildAsync(default);
        var b = await replay.Model.CompleteAsync(Ask("b"), default);
        var a = await replay.Model.CompleteAsync(Ask("a"), default);

        (await File.ReadAllLinesAsync(file)).Length.ShouldBe(2);
        a.Text.ShouldBe("one");
        b.Text.ShouldBe("two");
        b.Usage.PromptTokens.ShouldBe(12);
        replay.Usage.Total.Requests.ShouldBe(2);
        Server = await ChatTestServer.StartAsync();
    }

    [Fact]
    public async Task A_request_missing_from_the_replay_file_is_an_error_naming_the_file()
    {
        var file = Folder.File("one.jsonl");
        await using (var recording = await new ChatModelBuilder(Settings.OpenAi(Server) with { RecordPath = file }).BuildAsync(default))
        {
            await recording.Model.CompleteAsync(Ask("recorded"), default);
        }

        await using var replay = await new ChatModelBuilder(new LlmSettings { Model = "m", MaxTokens = 100, ReplayPath = file }).BuildAsync(default);
        var error = await Should.ThrowAsync<InputException>(() => replay.Model.CompleteAsync(Ask("never asked"), default));

        error.Message.ShouldContain(file);
        error.Message.ShouldContain("never asked");
        Server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_replay_file_is_bad_input_naming_it()
    {
        var file = Folder.File("absent.jsonl");

        var error = await Should.ThrowAsync<InputException>(() => new ChatModelBuilder(new LlmSettings { Model = "m", ReplayPath = file }).BuildAsync(default));

        error.Message.ShouldContain(file);
    }

    [Fact]
    public async Task A_damaged_replay_line_is_bad_input_naming_file_and_line()
    {
        var file = Folder.File("bad.jsonl");
        await File.WriteAllTextAsync(file, "\n{not json\n");

        var error = await Should.ThrowAsync<InputException>(() => ReplayChatModel.LoadAsync(file, new LlmSettings { Model = "m" }, default));

        error.Message.ShouldContain($"'{file}', line 2");
    }
}
