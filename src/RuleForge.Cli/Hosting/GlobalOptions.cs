using System.CommandLine;

namespace RuleForge.Cli.Hosting;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static Option<string?> Db { get; } = new("--db")
    {
        Description = "SQLite file path or PostgreSQL connection string (default: $RULEFORGE_DB, then ./.ruleforge/ruleforge.db)",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (camelCase) instead of text",
        Recursive = true,
    };
}
