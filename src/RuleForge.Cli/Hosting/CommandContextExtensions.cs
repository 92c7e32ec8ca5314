using RuleForge.Core.Errors;
using RuleForge.Storage;
using Spectre.Console;

namespace RuleForge.Cli.Hosting;

/// <summary>Helpers every command uses: open the database, read an input file (or stdin), draw tables.</summary>
public static class CommandContextExtensions
{
    /// <summary>Opens the database named by --db / $RULEFORGE_DB / the default file; the caller disposes it.</summary>
    public static RuleForgeDatabase OpenDatabase(this CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RuleForgeDatabase.Open(context.Database, context.Time);
    }

    /// <summary>The text of <paramref name="path"/>, or of stdin for <c>-</c>; a missing file is bad input naming it.</summary>
    public static async Task<(string Text, string Source)> ReadInputAsync(this CommandContext context, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (path == "-")
        {
            return (await context.Console.In.ReadToEndAsync(cancellationToken), "stdin");
        }

        try
        {
            return (await File.ReadAllTextAsync(path, cancellationToken), path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"file '{path}' not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>A Spectre console over the command's output (plain text when redirected, as in tests and pipes).</summary>
    public static IAnsiConsole Ansi(this CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var redirected = context.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(context.Console.Out),
        });
        if (redirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Writes a table with the given columns and rows (cells are plain text, escaped).</summary>
    public static void WriteTable(this CommandContext context, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell ?? "")).ToArray());
        }

        context.Ansi().Write(table);
    }
}
