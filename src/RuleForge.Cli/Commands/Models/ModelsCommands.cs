using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;
using RuleForge.Storage;
using RuleForge.Storage.Models;

namespace RuleForge.Cli.Commands.Models;

/// <summary><c>ruleforge models list|show|transition|lineage</c>: the model registry.</summary>
public static class ModelsCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var command = new Command("models", "Registered model versions: stages, transitions and lineage");
        command.Subcommands.Add(List(console, time));
        command.Subcommands.Add(Show(console, time));
        command.Subcommands.Add(Transition(console, time));
        command.Subcommands.Add(Lineage(console, time));
        return command;
    }

    private static async Task<T> WithRegistryAsync<T>(CommandContext ctx, CancellationToken ct, Func<IModelRegistry, Task<T>> work)
    {
        await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
        return await work(new SqlModelRegistry(db.Connector, ctx.Time));
    }

    private static Command List(CliConsole console, TimeProvider time)
    {
        var name = new Option<string?>("--name") { Description = "Only versions of this model" };
        var stage = new Option<string?>("--stage") { Description = "Only versions at this stage (none, staging, production, archived)" };
        var tag = new Option<string?>("--tag") { Description = "Only versions with this tag key" };
        var command = new Command("list", "List model versions, newest first") { name, stage, tag };
        command.Handle(console, time, (ctx, ct) => WithRegistryAsync(ctx, ct, async registry =>
        {
            var query = new ModelQuery { Name = ctx.Parse.GetValue(name), Stage = ctx.Parse.GetValue(stage) is { } s ? Stage(s) : null, Tag = ctx.Parse.GetValue(tag) };
            var list = await registry.ListAsync(query, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(list);
            }
            else
            {
                foreach (var m in list)
                {
                    ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Name,-24} v{m.Version,-4} {ModelStages.Name(m.Stage),-10} {m.Kind,-8} {string.Join(", ", m.Metrics.Select(kv => $"{kv.Key}={kv.Value:G4}"))}"));
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliConsole console, TimeProvider time)
    {
        var (name, version) = Arguments();
        var command = new Command("show", "Show one model version with its tags and stage history") { name, version };
        command.Handle(console, time, (ctx, ct) => WithRegistryAsync(ctx, ct, async registry =>
        {
            var m = await registry.GetAsync(ctx.Value(name), ctx.Value(version), ct) ?? throw new InputException($"model {ctx.Value(name)} v{ctx.Value(version)} is not registered");
            var history = await registry.GetTransitionsAsync(m.Name, m.Version, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new { model = m, transitions = history });
            }
            else
            {
                ctx.WriteLine($"{m.Ref} ({m.Kind}) stage {ModelStages.Name(m.Stage)}");
                ctx.WriteLine($"  data: {m.DataVersion}\n  artifact: {m.ArtifactPath}\n  parent: {m.Parent?.ToString() ?? "-"}\n  run: {m.RunId ?? "-"}");
                ctx.WriteLine($"  parameters: {m.ParametersJson}");
                foreach (var (k, v) in m.Metrics)
                {
                    ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  metric {k}: {v:G6}"));
                }

                foreach (var (k, v) in m.Tags)
                {
                    ctx.WriteLine($"  tag {k}={v}");
                }

                foreach (var t in history)
                {
                    ctx.WriteLine($"  {t.At:yyyy-MM-dd HH:mm:ss} {ModelStages.Name(t.From)} → {ModelStages.Name(t.To)}: {t.Reason}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Transition(CliConsole console, TimeProvider time)
    {
        var (name, version) = Arguments();
        var stage = new Argument<string>("stage") { Description = "staging, production, archived or none" };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the transition history)", Required = true };
        var command = new Command("transition", "Move a model version to another stage") { name, version, stage, reason };
        command.Handle(console, time, (ctx, ct) => WithRegistryAsync(ctx, ct, async registry =>
        {
            var m = await registry.TransitionAsync(ctx.Value(name), ctx.Value(version), Stage(ctx.Value(stage)), ctx.Value(reason), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(m);
            }
            else
            {
                ctx.WriteLine($"{m.Ref} is now {ModelStages.Name(m.Stage)}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Lineage(CliConsole console, TimeProvider time)
    {
        var (name, version) = Arguments();
        var command = new Command("lineage", "Ancestors and descendants of a model version") { name, version };
        command.Handle(console, time, (ctx, ct) => WithRegistryAsync(ctx, ct, async registry =>
        {
            var ancestors = await registry.GetAncestorsAsync(ctx.Value(name), ctx.Value(version), ct);
            var descendants = await registry.GetDescendantsAsync(ctx.Value(name), ctx.Value(version), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new { ancestors = ancestors.Select(a => a.Ref), descendants = descendants.Select(d => new { d.Name, d.Version, d.Parent }) });
            }
            else
            {
                ctx.WriteLine("ancestors: " + (ancestors.Count == 0 ? "-" : string.Join(" ← ", ancestors.Select(a => a.Ref))));
                ctx.WriteLine("descendants: " + (descendants.Count == 0 ? "-" : string.Join(", ", descendants.Select(d => $"{d.Ref} (from {d.Parent})"))));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static (Argument<string> Name, Argument<int> Version) Arguments() =>
        (new Argument<string>("name") { Description = "Model name" }, new Argument<int>("version") { Description = "Version number" });

    private static ModelStage Stage(string text) =>
        ModelStages.Parse(text) ?? throw new InputException($"'{text}' is not a stage (none, staging, production, archived)");
}
