using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Costs;
using RuleForge.Core.Errors;
using RuleForge.Core.Llm;
using RuleForge.Llm.Costs;

namespace RuleForge.Cli.Commands;

/// <summary><c>ruleforge llm</c>: ask the configured chat model one question (checks a setup end to end) and show the cost ledger.</summary>
public static class LlmCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var group = new Command("llm", "Language-model setup: ask one question through the full pipeline, show what has been spent");
        group.Subcommands.Add(Ask(console, time));
        group.Subcommands.Add(Usage(console, time, "usage"));
        return group;
    }

    /// <summary><c>ruleforge usage</c>: the same ledger report as <c>llm usage</c>, under the general name (the ledger also holds API sources' calls).</summary>
    public static Command CreateUsage(CliConsole console, TimeProvider time) => Usage(console, time, "usage");

    private static Command Ask(CliConsole console, TimeProvider time)
    {
        var prompt = new Argument<string>("prompt") { Description = "The user message ('-' reads it from stdin)" };
        var system = new Option<string?>("--system") { Description = "A system message sent first" };
        var command = new Command("ask", "Send one message through the full pipeline (budget, retries, cache, record/replay) and print the reply") { prompt, system };
        var llm = LlmCliOptions.AddTo(command);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var text = ctx.Value(prompt) is "-" ? (await ctx.ReadInputAsync("-", ct)).Text : ctx.Value(prompt);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new InputException("llm ask: the prompt is empty");
            }

            await using var session = await llm.OpenSessionAsync(ctx, ct);
            var messages = new List<ChatMessage>();
            if (ctx.Parse.GetValue(system) is { Length: > 0 } s)
            {
                messages.Add(new ChatMessage(ChatRole.System, s));
            }

            messages.Add(new ChatMessage(ChatRole.User, text));
            var response = await session.Model.CompleteAsync(new ChatRequest { Messages = messages }, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new AskOutput(session.Model.Name, response.Text, response.Model, response.FinishReason, UsageOutput.From(session.Usage.Total)));
            }
            else
            {
                ctx.WriteLine(response.Text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Usage(CliConsole console, TimeProvider time, string name)
    {
        var command = new Command(name, "What the database's cost ledger has charged: in total, today and this month (UTC), with tokens and requests, and per key: model calls (openai:<model>), API sources' calls (http:<source>, with bytes) and free replayed or cached replies");
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var calendar = LedgerWindow.Calendar(ctx.Time.GetUtcNow());
            var totals = await db.LlmLedger.GetTotalsAsync(calendar, ct);
            var lines = await db.LlmLedger.GetLinesAsync(calendar with { MonthStart = null }, ct);
            var keys = lines.Select(l => new LedgerLineOutput(LedgerProviders.Key(l.Provider, l.Model), l.Provider, l.Model, l.Kind, l.Requests, l.PromptTokens, l.CompletionTokens, l.Bytes, NanoUsd.ToUsd(l.TotalNanoUsd), l.DayRequests, NanoUsd.ToUsd(l.DayNanoUsd))).ToList();
            var spending = LlmConfigFile.Load(null).Spending;
            var output = new LedgerOutput(totals.Requests, totals.PromptTokens, totals.CompletionTokens, NanoUsd.ToUsd(totals.TotalNanoUsd), NanoUsd.ToUsd(totals.DayNanoUsd), NanoUsd.ToUsd(totals.MonthNanoUsd), totals.Bytes, keys)
            {
                LimitPerDayUsd = spending.PerDayUsd,
                LimitPerMonthUsd = spending.PerMonthUsd,
            };
            if (ctx.Json)
            {
                ctx.WriteJson(output);
            }
            else
            {
                ctx.WriteTable(
                    ["requests", "prompt tokens", "completion tokens", "bytes", "total USD", "today USD", "this month USD"],
                    [[Invariant(output.Requests), Invariant(output.PromptTokens), Invariant(output.CompletionTokens), Invariant(output.Bytes), Usd(output.CostUsd), Usd(output.TodayUsd), Usd(output.MonthUsd)]]);
                if (spending.Any)
                {
                    ctx.WriteLine($"shared limits (ruleforge.yaml costs:): today {Usd(output.TodayUsd)} of {(spending.PerDayUsd is { } d ? Usd(d) : "no limit")} USD, this month {Usd(output.MonthUsd)} of {(spending.PerMonthUsd is { } m ? Usd(m) : "no limit")} USD");
                }
                if (keys.Count > 0)
                {
                    ctx.WriteTable(
                        ["key", "kind", "requests", "today", "prompt tokens", "completion tokens", "bytes", "total USD", "today USD"],
                        keys.Select(k => (IReadOnlyList<string?>)[k.Key, k.Kind, Invariant(k.Requests), Invariant(k.TodayRequests), Invariant(k.PromptTokens), Invariant(k.CompletionTokens), Invariant(k.Bytes), Usd(k.CostUsd), Usd(k.TodayUsd)]));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Usd(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private sealed record AskOutput(string Name, string Text, string? Model, string? FinishReason, UsageOutput Usage);

    /// <summary>Totals count paid calls of every key (model and API sources); <c>keys</c> break them down, free replays and cache hits included.</summary>
    private sealed record LedgerOutput(long Requests, long PromptTokens, long CompletionTokens, decimal CostUsd, decimal TodayUsd, decimal MonthUsd, long Bytes, IReadOnlyList<LedgerLineOutput> Keys)
    {
        /// <summary>ruleforge.yaml's <c>costs:</c> limits on all spending, when set.</summary>
        public decimal? LimitPerDayUsd { get; init; }

        public decimal? LimitPerMonthUsd { get; init; }
    }

    private sealed record LedgerLineOutput(string Key, string Provider, string Model, string Kind, long Requests, long PromptTokens, long CompletionTokens, long Bytes, decimal CostUsd, long TodayRequests, decimal TodayUsd);
}
