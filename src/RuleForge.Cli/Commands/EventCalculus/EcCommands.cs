using System.CommandLine;
using RuleForge.Cli.Hosting;

namespace RuleForge.Cli.Commands.EventCalculus;

/// <summary><c>ruleforge ec …</c>: the Event Calculus (RTEC) commands.</summary>
public static class EcCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var ec = new Command("ec", "Event Calculus (RTEC): learn activity definitions with a language model, keep them in memory");
        ec.Subcommands.Add(EcLoopCommand.Create(console, time));
        ec.Subcommands.Add(EcMemoryCommands.Create(console, time));
        return ec;
    }
}
