using System.CommandLine;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;

namespace RuleForge.Cli.Commands.Rules;

/// <summary><c>ruleforge rules search</c>: filters, order and paging over stored rules.</summary>
internal static class RulesSearchCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var filters = new RuleFilterOptions();
        var sort = new Option<string>("--sort") { Description = "Order by name, created, version or score", DefaultValueFactory = _ => "created" };
        sort.AcceptOnlyFromAmong("name", "created", "version", "score");
        var ascending = new Option<bool>("--asc") { Description = "Ascending order (default: descending)" };
        var limit = new Option<int>("--limit") { Description = "Page size", DefaultValueFactory = _ => 50 };
        var offset = new Option<int>("--offset") { Description = "Rules to skip", DefaultValueFactory = _ => 0 };
        var command = new Command("search", "Find rules (latest versions, not deleted, newest first unless told otherwise)");
        filters.AddTo(command);
        command.Options.Add(sort);
        command.Options.Add(ascending);
        command.Options.Add(limit);
        command.Options.Add(offset);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var query = filters.Query(ctx) with
            {
                Sort = Enum.Parse<RuleSortField>(ctx.Value(sort), ignoreCase: true),
                Descending = !ctx.Value(ascending),
                Limit = ctx.Value(limit),
                Offset = ctx.Value(offset),
            };
            await using var db = ctx.OpenDatabase();
            var result = await db.Rules.SearchAsync(query, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new { total = result.Total, items = result.Items });
            }
            else
            {
                RuleOutput.WriteTable(ctx, result.Items);
                ctx.WriteLine($"{result.Items.Count} shown of {result.Total} matching");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
