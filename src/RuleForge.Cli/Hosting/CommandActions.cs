using System.CommandLine;
using RuleForge.Core.Errors;

namespace RuleForge.Cli.Hosting;

/// <summary>Wraps a command body so every command maps errors to the same exit codes and messages.</summary>
public static class CommandActions
{
    /// <summary>Sets <paramref name="body"/> as the command's action: bad input → 2, failures → 1, never a stack trace.</summary>
    public static void Handle(this Command command, CliConsole console, TimeProvider time, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, ct) =>
        {
            var context = new CommandContext(parse, console, time);
            try
            {
                return await body(context, ct);
            }
            catch (InputException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                console.Error.WriteLine("cancelled");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                if (Environment.GetEnvironmentVariable("RULEFORGE_DEBUG") == "1")
                {
                    console.Error.WriteLine(e.ToString());
                }

                return ExitCodes.Failure;
            }
        });
    }
}
