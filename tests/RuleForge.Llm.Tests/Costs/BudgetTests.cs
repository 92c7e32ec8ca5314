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
public sealed class BudgetTests : ChatServerTestBase
{
    [Fact]
    public async Task Cost_comes_from_the_price_per_million_tokens()
    {
        Server.Enqueue(ScriptedReply.Reply("x", promptTokens: 1000, completionTokens: 500));
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(2m, 8m) };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var response = await session.Model.CompleteAsync(Ask("q"), default);

        response.Usage.CostUsd.ShouldBe(0.006m); // 1000 × 2/1M + 500 × 8/1M
        session.Usage.Total.CostUsd.ShouldBe(0.006m);
        session.Usage.Total.PromptTokens.ShouldBe(1000);
    }

    [Fact]
    public async Task A_call_that_could_exceed_the_budget_is_refused_without_a_request()
    {
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1000m, 1000m), Budgets = new CostBudgets { PerRunUsd = 0.0001m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var error = await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q"), default));

        error.Message.ShouldContain("run budget");
        Server.RequestCount.ShouldBe(0);
        session.Usage.Total.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Spending_moves_the_status_to_warning_and_the_next_call_that_could_overshoot_is_refused()
    {
        // 1 USD per 1M tokens = 1e-6 USD per token; budget 500 tokens' worth; the first reply uses 400.
        Server.Enqueue(ScriptedReply.Reply("first", promptTokens: 300, completionTokens: 100));
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { PerRunUsd = 0.0005m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        await session.Model.CompleteAsync(Ask("q1"), default);
        var report = await session.Ledger.GetReportAsync(default);
        await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q2"), default));

        report.Status.ShouldBe(BudgetStatus.Warning);
        report.Budgets.ShouldHaveSingleItem().SpentUsd.ShouldBe(0.0004m);
        Server.RequestCount.ShouldBe(1);
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
        Server.DefaultReply = _ => ScriptedReply.BadRequest();
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { TotalUsd = 1m } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        await Should.ThrowAsync<Errors.LlmException>(() => session.Model.CompleteAsync(Ask("q"), default));
        var report = await session.Ledger.GetReportAsync(default);

        report.Totals.TotalNanoUsd.ShouldBe(0);
        report.Totals.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task A_day_budget_is_shared_by_sessions_on_the_same_database()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply("x", promptTokens: 300, completionTokens: 100);
        var db = Folder.File("ledger.db");
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { PerDayUsd = 0.0005m }, CacheEnabled = false };

        await using (var first = await OpenAsync(settings, db))
        {
            await first.Model.CompleteAsync(Ask("q1"), default);
        }

        await using var second = await OpenAsync(settings, db);
        var error = await Should.ThrowAsync<BudgetExceededException>(() => second.Model.CompleteAsync(Ask("q2"), default));

        error.Message.ShouldContain("day budget");
        Server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_shared_day_limit_counts_model_calls_and_api_sources_calls_together()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply("x", promptTokens: 100, completionTokens: 100);
        var db = Folder.File("ledger.db");
        var spending = new SpendingLimits { PerDayUsd = 0.001m };
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m), MaxTokens = 100, Spending = spending, CacheEnabled = false };

        // An API source spends $0.0008 of the shared $0.001; its own limits alone would allow more.
        await using (var database = RuleForgeDatabase.Open(db))
        {
            var api = new CallLedger(database.LlmLedger, LedgerProviders.Http, "prices", new CallLimits { CostPerCallUsd = 0.0004m }, TimeProvider.System, spending: spending);
            for (var i = 0; i < 2; i++)
            {
                await api.SettleAsync(await api.ReserveAsync(default), 10, default);
            }
        }

        // A model call may cost up to $0.0001 + its prompt: admitted; it costs $0.0002, and nothing more may be spent today.
        await using var session = await OpenAsync(settings, db);
        await session.Model.CompleteAsync(Ask("q1"), default);
        var error = await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q2"), default));
        error.Message.ShouldContain("shared day budget of $0.001 (models and API sources together) would be exceeded");
        Server.RequestCount.ShouldBe(1);

        // And the model's spending now stops the API source, whose own limits are not reached.
        await using var again = RuleForgeDatabase.Open(db);
        var blocked = new CallLedger(again.LlmLedger, LedgerProviders.Http, "prices", new CallLimits { CostPerCallUsd = 0.0004m }, TimeProvider.System, spending: spending);
        var refused = await Should.ThrowAsync<BudgetExceededException>(() => blocked.ReserveAsync(default));
        refused.Message.ShouldStartWith("http:prices: the shared day budget");
        var unlimited = new CallLedger(again.LlmLedger, LedgerProviders.Http, "prices", new CallLimits { CostPerCallUsd = 0.0004m }, TimeProvider.System);
        await unlimited.ReleaseAsync(await unlimited.ReserveAsync(default), default);
    }

    [Fact]
    public async Task Runs_of_one_batch_share_the_batch_budget()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply("x", promptTokens: 300, completionTokens: 100);
        var db = Folder.File("batch.db");
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m), Budgets = new CostBudgets { PerBatchUsd = 0.0005m }, BatchId = "b1", CacheEnabled = false };

        await using (var first = await OpenAsync(settings with { RunId = "r1" }, db))
        {
            await first.Model.CompleteAsync(Ask("q1"), default);
        }

        await using var second = await OpenAsync(settings with { RunId = "r2" }, db);
        await using var otherBatch = await OpenAsync(settings with { RunId = "r3", BatchId = "b2" }, db);

        (await Should.ThrowAsync<BudgetExceededException>(() => second.Model.CompleteAsync(Ask("q2"), default))).Message.ShouldContain("batch budget");
        (await otherBatch.Model.CompleteAsync(Ask("q3"), default)).Text.ShouldBe("x");
    }

    [Fact]
    public async Task Concurrent_calls_never_overshoot_the_budget_by_more_than_one_request()
    {
        // The server reports no more prompt tokens than the ledger estimates from the text (as real tokenizers do).
        Server.DefaultReply = _ => ScriptedReply.Reply("x", promptTokens: 5, completionTokens: 50);
        var settings = Settings.OpenAi(Server) with { Price = new ModelPrice(1m, 1m), MaxTokens = 50, Budgets = new CostBudgets { PerRunUsd = 0.001m } };
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
        made.ShouldBe(Server.RequestCount);
        report.Totals.Requests.ShouldBe(made);
        session.Usage.Total.CostUsd.ShouldBe(NanoUsd.ToUsd(report.Totals.TotalNanoUsd));
    }

    [Fact]
    public async Task Over_the_per_minute_limit_a_call_waits_for_a_free_slot()
    {
        var time = new ObservedTime();
        var settings = Settings.OpenAi(Server) with { RateLimits = new RateLimits { PerMinute = 1 }, CacheEnabled = false };
        await using var session = await new ChatModelBuilder(settings).UseTimeProvider(time).BuildAsync(default);
        await session.Model.CompleteAsync(Ask("q1"), default);

        var second = session.Model.CompleteAsync(Ask("q2"), default);
        var wait = await time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(1));
        Server.RequestCount.ShouldBe(1);
        time.Advance(TimeSpan.FromMinutes(1));
        await second;

        wait.ShouldBe(TimeSpan.FromMinutes(1));
        Server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task Over_the_hourly_limit_a_call_is_refused()
    {
        var settings = Settings.OpenAi(Server) with { RateLimits = new RateLimits { PerHour = 1 }, CacheEnabled = false };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);
        await session.Model.CompleteAsync(Ask("q1"), default);

        (await Should.ThrowAsync<BudgetExceededException>(() => session.Model.CompleteAsync(Ask("q2"), default))).Message.ShouldContain("per hour");
        Server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_per_request_token_cap_limits_what_is_asked()
    {
        var settings = Settings.OpenAi(Server) with { MaxTokens = 4000, Budgets = new CostBudgets { MaxTokensPerRequest = 256 } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        await session.Model.CompleteAsync(Ask("q"), default);

        Server.Requests.ShouldHaveSingleItem().MaxTokens.ShouldBe(256);
    }
}
