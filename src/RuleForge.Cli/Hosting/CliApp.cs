using System.CommandLine;
using RuleForge.Cli.Commands;
using RuleForge.Cli.Commands.Rules;

namespace RuleForge.Cli.Hosting;

/// <summary>Builds the <c>ruleforge</c> command tree and runs it.</summary>
public static class CliApp
{
    public static RootCommand Build(CliConsole console, TimeProvider time)
    {
        var root = new RootCommand("RuleForge: learn, evaluate, refine and keep rules — from data, language models, or both.");
        root.Options.Add(GlobalOptions.Db);
        root.Options.Add(GlobalOptions.Json);

        // One line per command group; each group lives in Commands/<Group>Commands.cs.
        root.Subcommands.Add(VersionCommand.Create(console, time));
        root.Subcommands.Add(RulesCommands.Create(console, time));
        root.Subcommands.Add(MetricsCommands.Create(console, time));
        root.Subcommands.Add(RunsCommands.Create(console, time));
        root.Subcommands.Add(SimLpCommand.Create(console, time));
        root.Subcommands.Add(Commands.Tabular.LearnCommand.Create(console, time));
        root.Subcommands.Add(Commands.Tabular.EvalCommand.Create(console, time));
        root.Subcommands.Add(Commands.Tabular.ApplyCommand.Create(console, time));
        root.Subcommands.Add(Commands.Tabular.ExamplesCommand.Create(console, time));
        RunsResumeCommand.AttachTo(root, console, time);
        root.Subcommands.Add(Commands.Forecast.ForecastCommands.Create(console, time));
        root.Subcommands.Add(Commands.Models.ModelsCommands.Create(console, time));
        root.Subcommands.Add(Commands.Ingestion.IngestCommand.Create(console, time));
        root.Subcommands.Add(Commands.Ingestion.DataCommands.Create(console, time));
        root.Subcommands.Add(Commands.Batch.BatchCommand.Create(console, time));
        root.Subcommands.Add(LlmCommands.Create(console, time));
        root.Subcommands.Add(LlmCommands.CreateUsage(console, time));
        root.Subcommands.Add(Commands.EventCalculus.EcCommands.Create(console, time));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, TimeProvider? time = null)
    {
        var root = Build(console, time ?? TimeProvider.System);
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"error: {error.Message}");
            }

            console.Error.WriteLine("Run 'ruleforge --help' (or the command with --help) for usage.");
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(config);
    }
}
