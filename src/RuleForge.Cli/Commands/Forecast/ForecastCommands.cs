using System.CommandLine;
using RuleForge.Cli.Hosting;

namespace RuleForge.Cli.Commands.Forecast;

/// <summary><c>ruleforge forecast …</c>: baselines, retrodiction, forecast rules, drift and curricula.</summary>
public static class ForecastCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var command = new Command("forecast", "Time-series baselines, retrodiction of forecast rules, drift tests and curricula");
        command.Subcommands.Add(RetrodictCommand.Create(console, time));
        command.Subcommands.Add(ForecastLearnCommand.Create(console, time));
        command.Subcommands.Add(TrainCommand.Create(console, time));
        command.Subcommands.Add(EvaluateCommand.Create(console, time));
        command.Subcommands.Add(DriftCommand.Create(console, time));
        command.Subcommands.Add(CurriculumCommand.Create(console, time));
        return command;
    }
}
