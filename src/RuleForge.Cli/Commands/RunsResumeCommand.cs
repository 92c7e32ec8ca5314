using System.CommandLine;
using RuleForge.Cli.Commands.EventCalculus;
using RuleForge.Cli.Commands.Tabular;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.EventCalculus.Learning;
using RuleForge.Storage;

namespace RuleForge.Cli.Commands;

/// <summary><c>ruleforge runs resume &lt;id&gt;</c>: continues a killed or cancelled run from its last finished iteration.</summary>
public static class RunsResumeCommand
{
    /// <summary>Adds <c>resume</c> to the root's <c>runs</c> group, creating the group when no other command made it.</summary>
    public static void AttachTo(RootCommand root, CliConsole console, TimeProvider time)
    {
        var runs = root.Subcommands.FirstOrDefault(c => c.Name == "runs");
        if (runs is null)
        {
            runs = new Command("runs", "Learning runs: list, show, resume");
            root.Subcommands.Add(runs);
        }

        runs.Subcommands.Add(Create(console, time));
    }

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var id = new Argument<string>("id") { Description = "The run id printed by learn or ec loop" };
        var command = new Command("resume", "Continue a learn or ec loop run that was killed, cancelled or failed, from its last finished iteration (LLM runs: pass the model flags again)") { id };
        var llm = LlmCliOptions.AddTo(command);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var runId = ctx.Value(id);
            RunRecord? run;
            await using (var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time))
            {
                run = await db.Runs.GetRunAsync(runId, ct);
            }

            if (run is null)
            {
                throw new InputException($"no run '{runId}' in {ctx.Database}");
            }

            if (run.Status == RunStatus.Completed)
            {
                throw new InputException($"run '{runId}' already completed ({run.StopReason}); nothing to resume");
            }

            if (run.Domain == EcLoop.RunDomain)
            {
                return await EcLoopCommand.ResumeAsync(ctx, run, llm, ct);
            }

            if (run.Domain != "tabular")
            {
                throw new InputException($"run '{runId}' is a {run.Domain} run; this command resumes tabular and ec loop runs");
            }

            var parameters = CanonicalJson.Deserialize<LearnParameters>(run.ParametersJson, $"run {runId} parameters");
            return await TabularRun.ExecuteAsync(ctx, parameters, runId, llm, ct);
        });
        return command;
    }
}
