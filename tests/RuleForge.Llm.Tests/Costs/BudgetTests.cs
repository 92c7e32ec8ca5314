using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Costs;
using RuleForge.Llm.Pipeline;
using RuleForge.Llm.Tests.Support;
using RuleForge.Storage;
using RuleForge.Testing;
using RuleForge.Testing.Chat;

namespace RuleForge.Llm.Tests.Costs;

/// <summary>The cost ledger in the pipeline: prices, budget refusals before any request, statuses, limits shared through the database.</summary>
public sealed class BudgetTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ChatTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ChatTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Cost_comes_from_the_price_per_million_tokens()
    {
        _server.Enqueue(ScriptedReply.Reply("x", promptTokens: 1000, completionTokens: 500));
        var settings = Settings.OpenAi(_server) with { Price = new ModelPrice(2m, 8m) };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var response = await session.Model.CompleteAsync(Ask("q"), default);

        response.Usage.CostUsd.ShouldBe(0.006m); // 1000 × 2/1M + 500 × 8/1M
        session.Usage.Total.CostUsd.ShouldBe(0.006m);
        session.Usage.Total.PromptTokens.ShouldBe(1000);
    }

    [Fact]
    public async Task A_call_that_could_exceed_the_budget_is_refused_without_a_request()
    {
        var settings = Settings.OpenAi(_server) with { Price = new ModelPrice(1000m, 1000m), Budgets = new CostBudgets { PerRunUsd = 0.0001m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var error = await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q"), default));

        error.Message.ShouldContain("run budget");
        _server.RequestCount.ShouldBe(0);
        session.Usage.Total.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Spending_moves_the_status_to_warning_and_the_next_call_that_could_overshoot_is_refused()
    {
        // 1 USD per 1M tokens = 1e-6 USD per token; budget 500 tokens' worth; the first reply uses 400.
        _server.Enqueue(ScriptedReply.Reply("first", promptTokens: 300, completionTokens: 100));
        var settings = Settings.OpenAi(_server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { PerRunUsd = 0.0005m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        await session.Model.CompleteAsync(Ask("q1"), default);
        var report = await session.Ledger.GetReportAsync(default);
        await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q2"), default));

        report.Status.ShouldBe(BudgetStatus.Warning);
        report.Budgets.ShouldHaveSingleItem().SpentUsd.ShouldBe(0.0004m);
        _server.RequestCount.ShouldBe(1);
    }

    [Theory]
    [InlineData(0.5, BudgetStatus.Ok)]
    [InlineData(0.7, BudgetStatus.Warning)]
    [InlineData(0.9, BudgetStatus.Critical)]
    [InlineData(1.0, BudgetStatus.Shutdown)]
    public void Status_follows_the_share_of_the_budget_spent(double share, BudgetStatus expected) =>
        CostLedger.StatusOf((decimal)share, 1m, CostBudgets.None).ShouldBe(expected);

    [Fact]
    public async Task A_failed_call_releases_its_hold_and_charges_nothing()
    {
        _server.DefaultReply = _ => ScriptedReply.BadRequest();
        var settings = Settings.OpenAi(_server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { TotalUsd = 1m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        await Should.ThrowAsync<Errors.LlmException>(() => session.Model.CompleteAsync(Ask("q"), default));
        var report = await session.Ledger.GetReportAsync(default);

        report.Totals.TotalNanoUsd.ShouldBe(0);
        report.Totals.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task A_day_budget_is_shared_by_sessions_on_the_same_database()
    {
        _server.DefaultReply = _ => ScriptedReply.Reply("x", promptTokens: 300, completionTokens: 100);
        var db = _folder.File("ledger.db");
        var settings = Settings.OpenAi(_server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { PerDayUsd = 0.0005m }, CacheEnabled = false };

        await using (var first = await Open(settings, db))
        {
            await first.Model.CompleteAsync(Ask("q1"), default);
        }

        await using var second = await Open(settings, db);
        var error = await Should.ThrowAsync<BudgetExceededException>(() => second.Model.CompleteAsync(Ask("q2"), default));

        error.Message.ShouldContain("day budget");
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_calls_never_overshoot_the_budget_by_more_than_one_request()
    {
        // The server reports no more prompt tokens than the ledger estimates from the text (as real tokenizers do).
        _server.DefaultReply = _ => ScriptedReply.Reply("x", promptTokens: 5, completionTokens: 50);
        var settings = Settings.OpenAi(_server) with { Price = new ModelPrice(1m, 1m), MaxTokens = 50, Budgets = new CostBudgets { PerRunUsd = 0.001m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var calls = Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                await session.Model.CompleteAsync(Ask($"q{i}"), default);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        });
        var made = (await Task.WhenAll(calls)).Count(ok => ok);
        var report = await session.Ledger.GetReportAsync(default);

        report.Totals.RunNanoUsd.ShouldBeLessThanOrEqualTo(1_000_000);
        made.ShouldBeInRange(1, 39);
        made.ShouldBe(_server.RequestCount);
        report.Totals.Requests.ShouldBe(made);
        session.Usage.Total.CostUsd.ShouldBe(NanoUsd.ToUsd(report.Totals.TotalNanoUsd));
    }

    [Fact]
    public async Task Over_the_per_minute_limit_a_call_waits_for_a_free_slot()
    {
        var time = new ObservedTime();
        var settings = Settings.OpenAi(_server) with { RateLimits = new RateLimits { PerMinute = 1 }, CacheEnabled = false };
        await using var session = await new ChatModelBuilder(settings).UseTimeProvider(time).BuildAsync(default);
        await session.Model.CompleteAsync(Ask("q1"), default);

        var second = session.Model.CompleteAsync(Ask("q2"), default);
        var wait = await time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(1));
        _server.RequestCount.ShouldBe(1);
        time.Advance(TimeSpan.FromMinutes(1));
        await second;

        wait.ShouldBe(TimeSpan.FromMinutes(1));
        _server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task Over_the_hourly_limit_a_call_is_refused()
    {
        var settings = Settings.OpenAi(_server) with { RateLimits = new RateLimits { PerHour = 1 }, CacheEnabled = false };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);
        await session.Model.CompleteAsync(Ask("q1"), default);

        (await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q2"), default))).Message.ShouldContain("per hour");
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_per_request_token_cap_limits_what_is_asked()
    {
        var settings = Settings.OpenAi(_server) with { MaxTokens = 4000, Budgets = new CostBudgets { MaxTokensPerRequest = 256 } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        await session.Model.CompleteAsync(Ask("q"), default);

        _server.Requests.ShouldHaveSingleItem().MaxTokens.ShouldBe(256);
    }

    private static async Task<LlmSession> Open(LlmSettings settings, string db)
    {
        var database = RuleForgeDatabase.Open(db);
        return await new ChatModelBuilder(settings).UseLedgerStore(database.LlmLedger).UseCacheStore(database.LlmCache).Own(database).BuildAsync(default);
    }

    private static ChatRequest Ask(string text) => new() { Messages = [new ChatMessage(ChatRole.User, text)] };
}
