using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Memory;

namespace RuleForge.Cli.Commands.EventCalculus;

/// <summary><c>ruleforge ec memory list|show|clear</c>: the RTEC rule knowledge base (best accepted definition per domain and fluent).</summary>
public static class EcMemoryCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var memory = new Command("memory", "The accepted activity definitions the loop builds on (per domain and fluent)");
        memory.Subcommands.Add(List(console, time));
        memory.Subcommands.Add(Show(console, time));
        memory.Subcommands.Add(Clear(console, time));
        return memory;
    }

    private static Option<string?> DomainOption() => new("--domain") { Description = "Only this domain (e.g. msa, har)" };

    private static Command List(CliConsole console, TimeProvider time)
    {
        var domain = DomainOption();
        var command = new Command("list", "List the accepted definitions: domain, fluent, score, run, model") { domain };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var entries = await new RuleKb(db.Rules).ListAsync(ctx.Value(domain), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(entries.Select(e => new { e.Domain, e.Fluent, e.Score, e.RunId, e.Iteration, e.Model, e.RuleId, e.Version, e.UpdatedAt }));
                return ExitCodes.Ok;
            }

            ctx.WriteTable(
                ["domain", "fluent", "score", "run", "iteration", "model", "updated"],
                entries.Select(e => (IReadOnlyList<string?>)
                [
                    e.Domain, e.Fluent, e.Score.ToString("0.####", CultureInfo.InvariantCulture), e.RunId, e.Iteration?.ToString(CultureInfo.InvariantCulture), e.Model, e.UpdatedAt.ToString("u", CultureInfo.InvariantCulture),
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console, TimeProvider time)
    {
        var domain = new Option<string>("--domain") { Description = "The domain (e.g. msa)", Required = true };
        var fluent = new Argument<string>("fluent") { Description = "The fluent, e.g. gap" };
        var command = new Command("show", "Print one accepted definition with its score and provenance") { fluent, domain };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var entry = await new RuleKb(db.Rules).GetAsync(ctx.Value(domain), ctx.Value(fluent), ct)
                ?? throw new InputException($"memory has no accepted definition of '{ctx.Value(fluent)}' in domain '{ctx.Value(domain)}'");
            if (ctx.Json)
            {
                ctx.WriteJson(entry);
                return ExitCodes.Ok;
            }

            ctx.WriteLine($"% {entry.Domain}/{entry.Fluent}  score {entry.Score.ToString("0.####", CultureInfo.InvariantCulture)}  run {entry.RunId} iteration {entry.Iteration}  model {entry.Model}  (rule {entry.RuleId} v{entry.Version})");
            ctx.WriteLine(entry.Definition.TrimEnd());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Clear(CliConsole console, TimeProvider time)
    {
        var domain = DomainOption();
        var fluent = new Option<string?>("--fluent") { Description = "Only this fluent (needs --domain)" };
        var all = new Option<bool>("--all") { Description = "Clear every domain (required when --domain is not given)" };
        var command = new Command("clear", "Forget accepted definitions (soft delete: the rule versions stay in the repository)") { domain, fluent, all };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var d = ctx.Value(domain);
            var f = ctx.Value(fluent);
            if (d is null && !ctx.Value(all))
            {
                throw new InputException("ec memory clear: give --domain D (optionally --fluent F), or --all");
            }

            if (f is not null && d is null)
            {
                throw new InputException("ec memory clear: --fluent needs --domain");
            }

            await using var db = ctx.OpenDatabase();
            var count = await new RuleKb(db.Rules).ClearAsync(d, f, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new { cleared = count });
            }
            else
            {
                ctx.WriteLine($"cleared {count} definition(s)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
