using System.CommandLine;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;

namespace RuleForge.Cli.Commands.Rules;

/// <summary><c>rules export</c> and <c>rules import</c>: rules as JSON files; importing the same file twice changes nothing.</summary>
internal static class RulesExchangeCommands
{
    public static Command Export(CliConsole console, TimeProvider time)
    {
        var file = new Option<string>("--file", "-f") { Description = "File to write; '-' writes to stdout", Required = true };
        var filters = new RuleFilterOptions();
        var command = new Command("export", "Write matching rules (latest versions, or --all-versions) to a JSON file") { file };
        filters.AddTo(command);
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var query = filters.Query(ctx);
            var document = await new RuleExchange(db.Rules, ctx.Time).ExportAsync(query, !query.LatestOnly, ct);
            var json = CanonicalJson.Serialize(document, indented: true);
            var path = ctx.Value(file);
            if (path == "-")
            {
                ctx.WriteLine(json);
                return ExitCodes.Ok;
            }

            try
            {
                var temp = path + ".tmp";
                await File.WriteAllTextAsync(temp, json + "\n", ct);
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot write '{path}': {e.Message}", e);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new { file = path, rules = document.Rules.Count });
            }
            else
            {
                ctx.WriteLine($"exported {document.Rules.Count} rule versions to {path}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Import(CliConsole console, TimeProvider time)
    {
        var file = new Option<string>("--file", "-f") { Description = "An export file, an array of rules or one rule; '-' reads stdin", Required = true };
        var reason = RulesCommands.ReasonOption();
        var command = new Command("import", "Import rules from a JSON file: adds new ones, versions changed ones, skips identical ones") { file, reason };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var (text, source) = await ctx.ReadInputAsync(ctx.Value(file), ct);
            var rules = RuleExchange.Parse(text, source);
            await using var db = ctx.OpenDatabase();
            var report = await new RuleExchange(db.Rules, ctx.Time).ImportAsync(rules, ctx.Value(reason) ?? $"import from {source}", ct);
            if (ctx.Json)
            {
                ctx.WriteJson(report);
            }
            else
            {
                ctx.WriteLine($"added {report.Added.Count}, updated {report.Updated.Count}, unchanged {report.Unchanged.Count}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
