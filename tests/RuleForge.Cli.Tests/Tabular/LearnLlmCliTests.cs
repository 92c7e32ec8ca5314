using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Cli.Tests.Support;
using RuleForge.Core.Llm;
using RuleForge.Testing.Chat;

namespace RuleForge.Cli.Tests.Tabular;

/// <summary>The LLM methods of <c>ruleforge learn</c> and <c>ruleforge batch</c> against the local chat server, through the real OpenAI SDK.</summary>
public sealed class LearnLlmCliTests : ChatCliTestBase
{

    private static string Block(params string[] lines) => "Rules:\n```rules\n" + string.Join("\n", lines) + "\n```\n";

    private static readonly string Weak = Block("IF x >= 80 AND colour = red THEN class = pos", "DEFAULT class = neg");

    private string Data(int rows = 300, double noise = 0)
    {
        var random = new Random(5);
        var sb = new StringBuilder("x,y,colour,class\n");
        string[] colours = ["red", "green", "blue"];
        for (var i = 0; i < rows; i++)
        {
            var x = random.Next(100);
            var colour = colours[random.Next(3)];
            var pos = (x >= 60 && colour == "red") != (random.NextDouble() < noise);
            sb.Append(CultureInfo.InvariantCulture, $"{x},{random.Next(100)},{colour},{(pos ? "pos" : "neg")}\n");
        }

        return Cli.WriteFile("data.csv", sb.ToString());
    }

    [Fact]
    public async Task The_contract_runs_over_OPENAI_BASE_URL_with_usage_stop_reason_one_repair_and_a_429_retry()
    {
        Server.Enqueue(
            ScriptedReply.Reply(Block("IF z > 3 THEN class = pos", "DEFAULT class = neg")),
            ScriptedReply.Reply(Weak),
            ScriptedReply.RateLimited("1"),
            ScriptedReply.Reply(Weak),
            ScriptedReply.Reply(Weak));
        var data = Data();

        var (code, output, error) = await RunProcessAsync(
            new Dictionary<string, string> { ["OPENAI_BASE_URL"] = Server.OpenAiBaseUrl.ToString(), ["OPENAI_API_KEY"] = "k" },
            "--db", Cli.Db, "learn", data, "--target", "class", "--method", "llm", "--provider", "openai", "--model", "m",
            "--max-iterations", "3", "--price-in", "1", "--price-out", "2", "--json");

        code.ShouldBe(0, error);
        error.ShouldNotContain("k\"");
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("status").GetString().ShouldBe("completed");
        json.GetProperty("method").GetString().ShouldBe("llm");
        json.GetProperty("stopReason").GetString().ShouldBe("maxIterations");
        json.GetProperty("iterations").GetInt32().ShouldBe(3);
        json.GetProperty("rules")[0].GetString().ShouldBe("IF x >= 80 AND colour == red THEN class = pos");
        var usage = json.GetProperty("usage");
        usage.GetProperty("requests").GetInt32().ShouldBe(4);
        usage.GetProperty("promptTokens").GetInt64().ShouldBe(40);
        usage.GetProperty("completionTokens").GetInt64().ShouldBe(20);
        usage.GetProperty("costUsd").GetDecimal().ShouldBe(0.00008m);
        usage.GetProperty("retries").GetInt32().ShouldBe(1);
        json.GetProperty("model").GetString().ShouldBe("openai/m");

        // Five HTTP requests: the proposal, exactly one repair quoting the error, the 429 and its retry, the third proposal.
        Server.RequestCount.ShouldBe(5);
        var requests = Server.Requests;
        requests.ShouldAllBe(r => r.HadApiKey && r.Model == "m");
        requests[1].LastUserMessage.ShouldContain("- line 1, token 2 'z': unknown column; columns are: x, y, colour");
        requests[1].Messages.Count.ShouldBe(requests[0].Messages.Count + 2);
        requests[3].Body.ShouldBe(requests[2].Body);
        requests[4].LastUserMessage.ShouldNotContain("could not be used");
    }

    [Fact]
    public async Task Llm_methods_without_a_provider_are_bad_input()
    {
        var result = await Cli.RunAsync("learn", Data(), "--target", "class", "--method", "llm", "--json");

        result.Code.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--method llm calls a language model: pass --provider openai|anthropic and --model <name>");
        Server.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_budget_too_small_for_any_call_stops_with_reason_budget_and_makes_no_request()
    {
        var result = await Cli.RunAsync("learn", Data(), "--target", "class", "--method", "llm-symbolic-loop", "--provider", "openai", "--model", "m",
            "--base-url", Server.OpenAiBaseUrl.ToString(), "--budget-usd", "0.001", "--price-in", "100", "--price-out", "100", "--json");

        result.Code.ShouldBe(ExitCodes.Failure);
        var json = JsonDocument.Parse(result.Out).RootElement;
        json.GetProperty("stopReason").GetString().ShouldBe("budget");
        json.GetProperty("status").GetString().ShouldBe("failed");
        json.GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(0);
        Server.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task Hybrid_re_tunes_the_model_threshold_on_the_data()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply(Weak);
        var result = await Cli.RunAsync("learn", Data(600), "--target", "class", "--method", "hybrid", "--provider", "openai", "--model", "m",
            "--base-url", Server.OpenAiBaseUrl.ToString(), "--max-iterations", "1", "--json");

        var json = result.Json();
        // The model said x >= 80; the data's boundary is 60 (integer x, so any cut in (59, 60] is the same rule).
        var rule = json.GetProperty("rules")[0].GetString()!;
        rule.ShouldStartWith("IF x >= ");
        rule.ShouldEndWith(" AND colour == red THEN class = pos");
        double.Parse(rule["IF x >= ".Length..rule.IndexOf(" AND", StringComparison.Ordinal)], CultureInfo.InvariantCulture).ShouldBeInRange(59.01, 60.0);
        json.GetProperty("accuracy").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task The_symbolic_default_still_needs_no_model_and_reports_zero_usage()
    {
        var json = (await Cli.RunAsync("learn", Data(), "--target", "class", "--folds", "3", "--json")).Json();

        json.GetProperty("method").GetString().ShouldBe("symbolic");
        json.GetProperty("validation").GetString().ShouldBe("3-fold cross-validation");
        json.GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(0);
        Server.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_runs_every_problem_and_reports_status_cost_and_speed_up()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply(Weak);
        var data = Data();
        var spec = Cli.WriteFile("batch.yaml", $"""
            concurrency: 2
            budgetUsd: 1.0
            defaults:
              target: class
              maxIterations: 2
            problems:
              - name: sym
                data: data.csv
                weight: 1
              - name: model
                data: data.csv
                method: llm
                weight: 2
              - name: missing
                data: nowhere.csv
                weight: 1
            """);

        var result = await Cli.RunAsync("batch", spec, "--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString(), "--price-in", "1", "--price-out", "1", "--json");

        result.Code.ShouldBe(ExitCodes.Failure, result.Error);
        var json = JsonDocument.Parse(result.Out).RootElement;
        var problems = json.GetProperty("problems").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        problems["sym"].GetProperty("status").GetString().ShouldBe("completed");
        problems["model"].GetProperty("status").GetString().ShouldBe("completed");
        problems["model"].GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(2);
        problems["model"].GetProperty("budgetUsd").GetDecimal().ShouldBe(0.5m);
        problems["sym"].GetProperty("budgetUsd").GetDecimal().ShouldBe(0.25m);
        problems["missing"].GetProperty("status").GetString().ShouldBe("invalid");
        problems["missing"].GetProperty("error").GetString()!.ShouldContain("nowhere.csv");
        var summary = json.GetProperty("summary");
        summary.GetProperty("completed").GetInt32().ShouldBe(2);
        summary.GetProperty("failed").GetInt32().ShouldBe(1);
        summary.GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(2);
        summary.GetProperty("speedUp").GetDouble().ShouldBeGreaterThan(0);
        Server.RequestCount.ShouldBe(2);
        data.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_recorded_run_replays_offline_to_the_same_rules()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply(Weak);
        var data = Data();
        var record = Path.Combine(Cli.Folder, "exchanges.jsonl");
        var first = (await Cli.RunAsync("learn", data, "--target", "class", "--method", "llm-symbolic-loop", "--provider", "openai", "--model", "m",
            "--base-url", Server.OpenAiBaseUrl.ToString(), "--max-iterations", "2", "--record", record, "--json")).Json();
        var served = Server.RequestCount;

        using var offline = new CliRunner();
        var again = (await offline.RunAsync("learn", data, "--target", "class", "--method", "llm-symbolic-loop", "--provider", "openai", "--model", "m",
            "--max-iterations", "2", "--replay", record, "--json")).Json();

        served.ShouldBe(2);
        Server.RequestCount.ShouldBe(served);
        again.GetProperty("rules").ToString().ShouldBe(first.GetProperty("rules").ToString());
        again.GetProperty("iterationScores").ToString().ShouldBe(first.GetProperty("iterationScores").ToString());
    }

    [Fact]
    public async Task Text_output_names_the_model_and_what_it_cost()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply(Weak);
        var result = await Cli.RunAsync("learn", Data(), "--target", "class", "--method", "llm", "--provider", "openai", "--model", "m",
            "--base-url", Server.OpenAiBaseUrl.ToString(), "--max-iterations", "1");

        result.Code.ShouldBe(0, result.Error);
        result.Out.ShouldContain("1. IF x >= 80 AND colour == red THEN class = pos");
        result.Out.ShouldContain("Model openai/m: 1 request(s), 10 prompt + 5 completion tokens");
        result.Out.ShouldContain("(hold-out 0.25)");
    }

    [Fact]
    public async Task A_reply_still_bad_after_its_repair_stops_with_reason_error_and_the_run_resumes_with_its_own_model()
    {
        Server.Enqueue(ScriptedReply.Reply(Weak), ScriptedReply.Reply("no rules"), ScriptedReply.Reply("still no rules"));
        var data = Data();
        string[] model = ["--provider", "openai", "--model", "m", "--base-url", Server.OpenAiBaseUrl.ToString()];

        var failed = await Cli.RunAsync(["learn", data, "--target", "class", "--method", "llm-symbolic-loop", .. model, "--max-iterations", "2", "--json"]);

        failed.Code.ShouldBe(ExitCodes.Failure);
        var json = JsonDocument.Parse(failed.Out).RootElement;
        json.GetProperty("stopReason").GetString().ShouldBe("error");
        json.GetProperty("iterations").GetInt32().ShouldBe(1);
        json.GetProperty("ruleCount").GetInt32().ShouldBe(2);
        json.GetProperty("error").GetString()!.ShouldContain("not valid rules after one repair request");
        Server.RequestCount.ShouldBe(3);

        Server.DefaultReply = _ => ScriptedReply.Reply(Block("IF x >= 60 AND colour = red THEN class = pos", "DEFAULT class = neg"));
        // Another provider is refused; without model flags the run continues with the provider and model it was made with.
        var runId = json.GetProperty("runId").GetString()!;
        var other = await Cli.RunAsync(["runs", "resume", runId, "--provider", "anthropic", "--no-cache"]);
        other.Code.ShouldBe(ExitCodes.BadInput, other.Error);
        other.Error.ShouldContain($"run '{runId}' was made with openai/m; it cannot continue with anthropic/m");
        Server.RequestCount.ShouldBe(3);

        // The bad replies sit in the response cache under the same prompt: ask the model again with --no-cache.
        var resumed = (await Cli.RunAsync(["runs", "resume", runId, "--base-url", Server.OpenAiBaseUrl.ToString(), "--no-cache", "--json"])).Json();

        resumed.GetProperty("iterations").GetInt32().ShouldBe(2);
        resumed.GetProperty("iterationScores")[1].GetDouble().ShouldBe(1.0);
        resumed.GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(1);
        Server.Requests[3].LastUserMessage.ShouldContain("IF x >= 80 AND colour = red THEN class = pos");
    }

    [Fact]
    public async Task The_anthropic_provider_works_the_same_way()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply(Weak);
        var json = (await Cli.RunAsync("learn", Data(), "--target", "class", "--method", "llm", "--provider", "anthropic", "--model", "claude-test",
            "--base-url", Server.AnthropicBaseUrl.ToString(), "--max-iterations", "1", "--json")).Json();

        json.GetProperty("model").GetString().ShouldBe("anthropic/claude-test");
        json.GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(1);
        Server.Requests.Single().Api.ShouldBe(ChatApi.Anthropic);
    }

    [Fact]
    public async Task Adaptive_tries_symbolic_then_the_model_methods()
    {
        Server.DefaultReply = _ => ScriptedReply.Reply(Weak);
        var json = (await Cli.RunAsync("learn", Data(400, noise: 0.1), "--target", "class", "--method", "adaptive", "--provider", "openai", "--model", "m",
            "--base-url", Server.OpenAiBaseUrl.ToString(), "--max-iterations", "3", "--json")).Json();

        json.GetProperty("method").GetString().ShouldBe("adaptive");
        json.GetProperty("iterations").GetInt32().ShouldBe(3);
        json.GetProperty("usage").GetProperty("requests").GetInt32().ShouldBe(2);
        Server.RequestCount.ShouldBe(2);
        Server.Requests[0].LastUserMessage.ShouldContain("The best rules so far (iteration 1)");
    }

    [Fact]
    public async Task A_batch_file_with_a_bad_field_is_bad_input_naming_the_line()
    {
        var spec = Cli.WriteFile("bad.yaml", "concurrency: 2\nproblems:\n  - data: a.csv\n    colour: red\n");

        var result = await Cli.RunAsync("batch", spec);

        result.Code.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("bad.yaml: line 4");
    }

    /// <summary>Runs the built ruleforge in its own process, so environment variables are its own.</summary>
    private async Task<(int Code, string Out, string Error)> RunProcessAsync(Dictionary<string, string> environment, params string[] args)
    {
        var dll = typeof(CliApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Cli.Folder, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var variable in new[] { "OPENAI_BASE_URL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "RULEFORGE_DB" })
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
