using System.CommandLine;
using System.Reflection;
using RuleForge.Cli.Hosting;

namespace RuleForge.Cli.Commands;

/// <summary><c>ruleforge info</c>: version and where data is stored.</summary>
public static class VersionCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var command = new Command("info", "Show the RuleForge version and the database in use");
        command.Handle(console, time, (ctx, _) =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            if (ctx.Json)
            {
                ctx.WriteJson(new { version, database = ctx.Database });
            }
            else
            {
                ctx.WriteLine($"ruleforge {version}");
                ctx.WriteLine($"database: {ctx.Database}");
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
