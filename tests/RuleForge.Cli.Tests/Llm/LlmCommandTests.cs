using System.CommandLine;
using RuleForge.Cli.Hosting;
using RuleForge.Cli.Tests.Support;
using RuleForge.Core.Costs;
using RuleForge.Core.Errors;
using RuleForge.Llm.Configuration;
using RuleForge.Testing.Chat;

namespace RuleForge.Cli.Tests.Llm;

/// <summary>The shared LLM flags and <c>ruleforge llm</c> against the local chat server.</summary>
public sealed class LlmCommandTests : ChatCliTestBase
{
    [Fact]
    public async Task Ask_talks_to_the_base_url_and_reports_usage_and_cost()
    {
        Server.Enqueue(ScriptedReply.Reply("pong", promptTokens: 1000, completionTokens: 1000));

        var json = (await Cli.RunAsync(["llm", "ask", "ping", "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--price-in", "1", "--price-out", "3", "--json"])).Json();

        json.GetProperty("text").GetString().ShouldBe("pong");
        var usage = json.GetProperty("usage");
        usage.GetProperty("requests").GetInt32().ShouldBe(1);
        usage.GetProperty("promptTokens").GetInt64().ShouldBe(1000);
        usage.GetProperty("completionTokens").GetInt64().ShouldBe(1000);
        usage.GetProperty("costUsd").GetDecimal().ShouldBe(0.004m);
        usage.GetProperty("retries").GetInt32().ShouldBe(0);
        Server.Requests.ShouldHaveSingleItem().LastUserMessage.ShouldBe("ping");
        var ledger = (await Cli.RunAsync(["llm", "usage", "--json"])).Json();
        ledger.GetProperty("requests").GetInt64().ShouldBe(1);
        ledger.GetProperty("costUsd").GetDecimal().ShouldBe(0.004m);
    }

    [Fact]
    public async Task A_budget_too_small_for_the_call_fails_without_a_request()
    {
        var result = await Cli.RunAsync(["llm", "ask", "ping", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--price-in", "1000", "--price-out", "1000", "--budget-usd", "0.0001"]);

        result.Code.ShouldBe(ExitCodes.Failure);
        result.Error.ShouldContain("budget");
        Server.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task Recorded_asks_replay_without_the_server_and_a_new_question_is_an_error()
    {
        var file = Path.Combine(Cli.Folder, "asks.jsonl");
        (await Cli.RunAsync(["llm", "ask", "ping", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--record", file])).Code.ShouldBe(0);
        await Server.DisposeAsync();

        var replayed = await Cli.RunAsync(["llm", "ask", "ping", "--model", "m", "--replay", file]);
        var missing = await Cli.RunAsync(["llm", "ask", "other", "--model", "m", "--replay", file]);
        Server = await ChatTestServer.StartAsync();

        replayed.Code.ShouldBe(0, replayed.Error);
        replayed.Out.Trim().ShouldBe("ok");
        missing.Code.ShouldBe(ExitCodes.BadInput);
        missing.Error.ShouldContain(file);
    }

    [Fact]
    public async Task Replayed_and_cached_replies_show_in_usage_as_free_entries_with_their_tokens()
    {
        Server.Enqueue(ScriptedReply.Reply("pong", promptTokens: 100, completionTokens: 20));
        var file = Path.Combine(Cli.Folder, "paid.jsonl");
        var args = new[] { "llm", "ask", "ping", "--model", "m", "--price-in", "1", "--price-out", "1" };
        (await Cli.RunAsync([.. args, "--base-url", Server.OpenAiBaseUrl.ToString(), "--record", file])).Code.ShouldBe(0);
        (await Cli.RunAsync([.. args, "--base-url", Server.OpenAiBaseUrl.ToString()])).Code.ShouldBe(0);

        var replayed = (await Cli.RunAsync([.. args, "--replay", file, "--json"])).Json();
        var usage = (await Cli.RunAsync("usage", "--json")).Json();

        replayed.GetProperty("usage").GetProperty("costUsd").GetDecimal().ShouldBe(0m);
        replayed.GetProperty("usage").GetProperty("promptTokens").GetInt64().ShouldBe(100);
        Server.RequestCount.ShouldBe(1);
        (usage.GetProperty("requests").GetInt64(), usage.GetProperty("costUsd").GetDecimal()).ShouldBe((1L, 0.00012m));
        usage.GetProperty("keys").EnumerateArray().Select(k => (k.GetProperty("key").GetString(), k.GetProperty("kind").GetString(), k.GetProperty("requests").GetInt64(), k.GetProperty("promptTokens").GetInt64(), k.GetProperty("costUsd").GetDecimal()))
            .ShouldBe([("openai:m", "cache", 1L, 0L, 0m), ("openai:m", "call", 1L, 100L, 0.00012m), ("openai:m", "replay", 1L, 100L, 0m)]);
    }

    [Fact]
    public async Task Bad_values_are_bad_input_naming_the_flag()
    {
        var result = await Cli.RunAsync(["llm", "ask", "ping", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--temperature", "7"]);

        result.Code.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--temperature");
    }

    [Fact]
    public void Settings_come_from_flags_over_the_environment_and_never_print_the_key()
    {
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);
        var env = new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1", ["OPENAI_API_KEY"] = "sk-very-secret" };

        var settings = options.ReadSettings(command.Parse(["--model", "gpt-4o-mini", "--max-tokens", "64", "--llm-seed", "5", "--timeout", "2.5", "--no-cache"]), name => env.GetValueOrDefault(name));

        settings.Provider.ShouldBe(LlmProvider.OpenAi);
        settings.BaseUrl.ShouldBe(new Uri("http://127.0.0.1:9/v1"));
        settings.ApiKey!.Reveal().ShouldBe("sk-very-secret");
        settings.ApiKey.Source.ShouldBe("$OPENAI_API_KEY");
        settings.MaxTokens.ShouldBe(64);
        settings.Seed.ShouldBe(5);
        settings.Timeout.ShouldBe(TimeSpan.FromSeconds(2.5));
        settings.CacheEnabled.ShouldBeFalse();
        settings.ToString().ShouldNotContain("sk-very-secret");
    }

    [Fact]
    public void The_yaml_llm_section_supplies_model_budgets_limits_and_prices()
    {
        var file = Cli.WriteFile("ruleforge.yaml", """
            other: { ignored: true }
            llm:
              provider: anthropic
              model: claude-haiku-4-5
              apiKey: from-file
              budgets: { perDayUsd: 2.5, totalUsd: 10 }
              rateLimits: { perMinute: 30 }
              prices:
                claude-haiku-4-5: { in: 0.5, out: 1.5 }
            """);
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        var settings = options.ReadSettings(command.Parse([]), _ => null, file);

        settings.Provider.ShouldBe(LlmProvider.Anthropic);
        settings.Model.ShouldBe("claude-haiku-4-5");
        settings.ApiKey!.Reveal().ShouldBe("from-file");
        settings.Budgets.PerDayUsd.ShouldBe(2.5m);
        settings.Budgets.TotalUsd.ShouldBe(10m);
        settings.RateLimits.PerMinute.ShouldBe(30);
        settings.EffectivePrices.For("claude-haiku-4-5").ShouldBe(new ModelPrice(0.5m, 1.5m));
    }

    [Fact]
    public void Retry_and_circuit_breaker_settings_come_from_the_yaml_and_flags_override_them()
    {
        var file = Cli.WriteFile("ruleforge.yaml", """
            llm:
              model: m
              retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 100 }
              circuitBreaker: { failureRatio: 0.8, minimumThroughput: 5, samplingSeconds: 10, breakSeconds: 3 }
            """);
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        var fromFile = options.ReadSettings(command.Parse([]), _ => null, file).Retry;
        var fromFlags = options.ReadSettings(command.Parse(["--max-retries", "0", "--circuit-failure-ratio", "0.25", "--circuit-min-calls", "2", "--circuit-break", "1.5"]), _ => null, file).Retry;

        fromFile.ShouldBe(new RetrySettings
        {
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(100),
            CircuitFailureRatio = 0.8,
            CircuitMinimumThroughput = 5,
            CircuitSamplingDuration = TimeSpan.FromSeconds(10),
            CircuitBreakDuration = TimeSpan.FromSeconds(3),
        });
        fromFlags.ShouldBe(fromFile with { MaxRetries = 0, CircuitFailureRatio = 0.25, CircuitMinimumThroughput = 2, CircuitBreakDuration = TimeSpan.FromSeconds(1.5) });
    }

    [Theory]
    [InlineData("--circuit-failure-ratio", "1.5")]
    [InlineData("--circuit-min-calls", "1")]
    [InlineData("--circuit-break", "0.1")]
    [InlineData("--max-retries", "-1")]
    public void Bad_circuit_breaker_flags_are_bad_input_naming_the_flag(string flag, string value)
    {
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        Should.Throw<InputException>(() => options.ReadSettings(command.Parse(["--model", "m", flag, value]), _ => null, null)).Message.ShouldContain(flag);
    }

    [Fact]
    public void The_yaml_costs_section_sets_the_shared_spending_limits_with_or_without_an_llm_section()
    {
        var both = Cli.WriteFile("ruleforge.yaml", "costs: { perDayUsd: 1.5, perMonthUsd: 20 }\nllm:\n  model: m\n");
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        options.ReadSettings(command.Parse([]), _ => null, both).Spending.ShouldBe(new SpendingLimits { PerDayUsd = 1.5m, PerMonthUsd = 20m });
        LlmConfigFile.Load(Cli.WriteFile("costs-only.yaml", "costs:\n  perDayUsd: 3\n")).Spending.ShouldBe(new SpendingLimits { PerDayUsd = 3m });
        LlmConfigFile.Load(Cli.WriteFile("none.yaml", "llm:\n  model: m\n")).Spending.Any.ShouldBeFalse();
        var bad = Cli.WriteFile("bad.yaml", "costs: { perMonthUsd: -1 }\n");
        Should.Throw<InputException>(() => LlmConfigFile.Load(bad)).Message.ShouldBe($"{bad}: costs.perMonthUsd must be a non-negative amount of USD");
    }

    [Fact]
    public void A_bad_circuit_breaker_setting_in_the_yaml_names_the_file_and_key()
    {
        var file = Cli.WriteFile("ruleforge.yaml", "llm:\n  model: m\n  circuitBreaker: { breakSeconds: 0 }\n");
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        var error = Should.Throw<InputException>(() => options.ReadSettings(command.Parse([]), _ => null, file));

        error.Message.ShouldContain(file);
        error.Message.ShouldContain("circuitBreaker.breakSeconds");
    }

    [Fact]
    public async Task The_circuit_opens_after_the_configured_number_of_failed_attempts_and_refuses_the_next()
    {
        for (var i = 0; i < 5; i++)
        {
            Server.Enqueue(ScriptedReply.RateLimited("0"));
        }

        var result = await Cli.RunAsync(["llm", "ask", "ping", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--max-retries", "4", "--circuit-min-calls", "2", "--circuit-failure-ratio", "0.5", "--circuit-break", "60"]);

        result.Code.ShouldBe(ExitCodes.Failure);
        result.Error.ShouldContain("too many recent failures");
        Server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_call_that_brings_the_budget_past_70_percent_warns_on_stderr_and_keeps_stdout_json()
    {
        Server.Enqueue(ScriptedReply.Reply("pong"));

        // "ping" is estimated at 8 prompt tokens + 12 max completion tokens = 20 tokens at $0.001 each: $0.02 of $0.025 (80%).
        var result = await Cli.RunAsync(["llm", "ask", "ping", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--price-in", "1000", "--price-out", "1000", "--max-tokens", "12", "--budget-usd", "0.025", "--json"]);

        result.Json().GetProperty("text").GetString().ShouldBe("pong");
        result.Error.ShouldContain("warning: budget status Warning: run budget 0.02/0.025 USD used");
    }

    [Fact]
    public void Malformed_yaml_is_bad_input_naming_the_file_and_line()
    {
        var file = Cli.WriteFile("bad.yaml", "llm:\n  model: [unclosed\n");
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        var error = Should.Throw<InputException>(() => options.ReadSettings(command.Parse([]), _ => null, file));

        error.Message.ShouldContain(file);
        error.Message.ShouldContain("line");
    }

    [Fact]
    public void A_missing_model_is_bad_input()
    {
        var command = new Command("x");
        var options = LlmCliOptions.AddTo(command);

        Should.Throw<InputException>(() => options.ReadSettings(command.Parse([]), _ => null, null)).Message.ShouldContain("--model");
    }
}
