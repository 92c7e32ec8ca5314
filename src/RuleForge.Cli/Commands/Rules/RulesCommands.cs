using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;

namespace RuleForge.Cli.Commands.Rules;

/// <summary><c>ruleforge rules …</c>: add, update, show, history, changes, diff, search, delete, restore, export, import.</summary>
public static class RulesCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rules = new Command("rules", "Store, version, search and exchange rules");
        rules.Subcommands.Add(Add(console, time));
        rules.Subcommands.Add(Update(console, time));
        rules.Subcommands.Add(Show(console, time));
        rules.Subcommands.Add(History(console, time));
        rules.Subcommands.Add(Changes(console, time));
        rules.Subcommands.Add(Diff(console, time));
        rules.Subcommands.Add(RulesSearchCommand.Create(console, time));
        rules.Subcommands.Add(SetDeleted(console, time, delete: true));
        rules.Subcommands.Add(SetDeleted(console, time, delete: false));
        rules.Subcommands.Add(RulesExchangeCommands.Export(console, time));
        rules.Subcommands.Add(RulesExchangeCommands.Import(console, time));
        return rules;
    }

    internal static Argument<string> IdArgument() => new("id") { Description = "The rule's id" };

    internal static Option<string?> ReasonOption() => new("--reason") { Description = "Why, kept in the rule's change history" };

    private static Command Add(CliConsole console, TimeProvider time)
    {
        var file = new Option<string>("--file", "-f") { Description = "JSON file with the rule (or an array of rules); '-' reads stdin", Required = true };
        var reason = ReasonOption();
        var command = new Command("add", "Add a rule as version 1 (e.g. rules add --file vip.json)") { file, reason };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var (text, source) = await ctx.ReadInputAsync(ctx.Value(file), ct);
            var parsed = RuleExchange.Parse(text, source);
            var isArray = text.TrimStart().StartsWith('[');
            await using var db = ctx.OpenDatabase();
            IReadOnlyList<Rule> added = parsed.Count == 1 && !isArray
                ? [await db.Rules.AddAsync(parsed[0], ctx.Value(reason), ct)]
                : await db.Rules.AddManyAsync(parsed, ct);
            if (ctx.Json)
            {
                if (isArray)
                {
                    ctx.WriteJson(added);
                }
                else
                {
                    ctx.WriteJson(added[0]);
                }
            }
            else
            {
                foreach (var rule in added)
                {
                    ctx.WriteLine($"added {rule.Id} v{rule.Version} ({rule.Name})");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CliConsole console, TimeProvider time)
    {
        var id = IdArgument();
        var file = new Option<string?>("--file", "-f") { Description = "JSON patch: any subset of the rule's fields; '-' reads stdin" };
        var name = new Option<string?>("--name") { Description = "New name" };
        var description = new Option<string?>("--description") { Description = "New description" };
        var status = new Option<string?>("--status") { Description = "New status: draft, candidate, active or retired" };
        status.AcceptOnlyFromAmong("draft", "candidate", "active", "retired");
        var expected = new Option<int?>("--expected-version") { Description = "Fail instead of updating when the latest version is not this one" };
        var reason = ReasonOption();
        var command = new Command("update", "Make the next version of a rule from a patch file and/or flags") { id, file, name, description, status, expected, reason };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var patch = new RulePatch();
            if (ctx.Value(file) is { } path)
            {
                var (text, source) = await ctx.ReadInputAsync(path, ct);
                patch = RulePatch.Parse(text, source);
            }
            else if (ctx.Value(name) is null && ctx.Value(description) is null && ctx.Value(status) is null)
            {
                throw new InputException("nothing to update: give --file with a JSON patch, or --name, --description or --status");
            }

            patch = patch with
            {
                Name = ctx.Value(name) ?? patch.Name,
                Description = ctx.Value(description) ?? patch.Description,
                Status = ctx.Value(status) is { } s ? Enum.Parse<RuleStatus>(s, ignoreCase: true) : patch.Status,
            };
            await using var db = ctx.OpenDatabase();
            var updated = await db.Rules.UpdateAsync(ctx.Value(id), patch, ctx.Value(reason), ctx.Value(expected), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(updated);
            }
            else
            {
                ctx.WriteLine($"updated {updated.Id} to v{updated.Version}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console, TimeProvider time)
    {
        var id = IdArgument();
        var version = new Option<int?>("--version", "-v") { Description = "A given version (default: the latest)" };
        var command = new Command("show", "Show a rule (deleted rules too)") { id, version };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var rule = await db.Rules.GetAsync(ctx.Value(id), ctx.Value(version), ct);
            if (rule is null)
            {
                var latest = ctx.Value(version) is null ? null : await db.Rules.GetAsync(ctx.Value(id), null, ct);
                throw RuleNotFoundException.For(ctx.Value(id), ctx.Value(version), latest?.Version);
            }

            RuleOutput.Write(ctx, rule);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command History(CliConsole console, TimeProvider time)
    {
        var id = IdArgument();
        var command = new Command("history", "List every version of a rule with what changed, when and why") { id };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var history = await db.Rules.GetHistoryAsync(ctx.Value(id), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(history.Select(h => (JsonNode)RuleOutput.RevisionJson(h)).ToArray()));
            }
            else
            {
                ctx.WriteTable(
                    ["version", "change", "fields", "at", "reason", "status"],
                    history.Select(h => (IReadOnlyList<string?>)
                    [
                        h.Rule.Version.ToString(CultureInfo.InvariantCulture),
                        RuleOutput.Name(h.Change.Kind),
                        string.Join(", ", h.Change.Fields),
                        h.Change.At.ToString("u", CultureInfo.InvariantCulture),
                        h.Change.Reason,
                        RuleOutput.Name(h.Rule.Status),
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Changes(CliConsole console, TimeProvider time)
    {
        var id = IdArgument();
        var command = new Command("changes", "List a rule's change log, oldest first: creation, updates, deletes and restores, with their reasons") { id };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var changes = await db.Rules.GetChangesAsync(ctx.Value(id), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(changes.Select(c => JsonSerializer.SerializeToNode(c, CanonicalJson.Options)).ToArray()));
            }
            else
            {
                ctx.WriteTable(
                    ["version", "change", "fields", "at", "reason"],
                    changes.Select(c => (IReadOnlyList<string?>)
                    [
                        c.Version.ToString(CultureInfo.InvariantCulture),
                        RuleOutput.Name(c.Kind),
                        string.Join(", ", c.Fields),
                        c.At.ToString("u", CultureInfo.InvariantCulture),
                        c.Reason,
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Diff(CliConsole console, TimeProvider time)
    {
        var id = IdArgument();
        var from = new Option<int?>("--from") { Description = "Older version (default: the one before --to)" };
        var to = new Option<int?>("--to") { Description = "Newer version (default: the latest)" };
        var command = new Command("diff", "Show what differs between two versions of a rule") { id, from, to };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var latest = await db.Rules.GetAsync(ctx.Value(id), null, ct) ?? throw RuleNotFoundException.For(ctx.Value(id));
            var newer = ctx.Value(to) ?? latest.Version;
            var older = ctx.Value(from) ?? Math.Max(1, newer - 1);
            var diff = await db.Rules.DiffAsync(ctx.Value(id), older, newer, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(diff);
            }
            else if (diff.Changes.Count == 0)
            {
                ctx.WriteLine($"v{older} and v{newer} of {diff.RuleId} have the same content");
            }
            else
            {
                ctx.WriteTable(["field", $"v{older}", $"v{newer}"], diff.Changes.Select(c => (IReadOnlyList<string?>)[c.Path, c.Before ?? "(absent)", c.After ?? "(absent)"]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetDeleted(CliConsole console, TimeProvider time, bool delete)
    {
        var id = IdArgument();
        var reason = ReasonOption();
        var command = new Command(delete ? "delete" : "restore", delete
            ? "Soft-delete a rule: its versions stay, it leaves search results (restore brings it back)"
            : "Restore a soft-deleted rule") { id, reason };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var rule = delete
                ? await db.Rules.DeleteAsync(ctx.Value(id), ctx.Value(reason), ct)
                : await db.Rules.RestoreAsync(ctx.Value(id), ctx.Value(reason), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(rule);
            }
            else
            {
                ctx.WriteLine($"{(delete ? "deleted" : "restored")} {rule.Id} (v{rule.Version})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
