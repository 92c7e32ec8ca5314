namespace RuleForge.Cli.Hosting;

/// <summary>Process exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The work itself failed (a run errored, a store was unreachable).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad input (unknown flag, malformed file, missing field).</summary>
    public const int BadInput = 2;
}
