using System.CommandLine;
using System.Text.Json;
using RuleForge.Core.Serialization;

namespace RuleForge.Cli.Hosting;

/// <summary>What a running command needs: its parsed arguments, the console, the clock, and where the database is.</summary>
public sealed class CommandContext(ParseResult parse, CliConsole console, TimeProvider time)
{
    public const string DefaultDatabasePath = ".ruleforge/ruleforge.db";

    public ParseResult Parse { get; } = parse;

    public CliConsole Console { get; } = console;

    public TimeProvider Time { get; } = time;

    public bool Json => Parse.GetValue(GlobalOptions.Json);

    /// <summary>Whether to draw progress bars: only for a person watching a terminal.</summary>
    public bool ShowProgress => !Json && !Console.IsOutputRedirected;

    /// <summary>The database named by --db, else $RULEFORGE_DB, else the embedded default file.</summary>
    public string Database =>
        Parse.GetValue(GlobalOptions.Db)
        ?? Environment.GetEnvironmentVariable("RULEFORGE_DB")
        ?? DefaultDatabasePath;

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>Writes a result as canonical indented JSON.</summary>
    public void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, CanonicalJson.Indented));

    public void WriteLine(string text = "") => Console.Out.WriteLine(text);
}
