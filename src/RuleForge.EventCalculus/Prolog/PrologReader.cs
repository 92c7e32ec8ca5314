using System.Text;

namespace RuleForge.EventCalculus.Prolog;

/// <summary>Reads Prolog texts into <see cref="Clause"/>s: the one Prolog parser of RuleForge (SimLP and the Event Calculus engine both use it).</summary>
public static class PrologReader
{
    /// <summary>Reads every clause of <paramref name="text"/>; throws <see cref="ParseException"/> (file, line, column) on the first syntax error.</summary>
    public static PrologProgram Parse(string text, string sourceName = "<input>", PrologReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= PrologReadOptions.Default;
        var lexer = new PrologLexer(text, sourceName);
        var parser = new TermParser(lexer, options);
        var clauses = new List<Clause>();
        while (!parser.AtEnd)
        {
            clauses.Add(parser.ReadClause());
        }

        return new PrologProgram(sourceName, clauses, parser.Operators);
    }

    /// <summary>Reads a single term (an optional final full stop is allowed), e.g. a goal or a fact typed by a user.</summary>
    public static Term ParseTerm(string text, string sourceName = "<input>", PrologReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TermParser(new PrologLexer(text, sourceName), options ?? PrologReadOptions.Default);
        if (parser.AtEnd)
        {
            throw new ParseException(sourceName, 1, 1, "empty input where a term was expected");
        }

        return parser.ReadSingleTerm().Term;
    }

    /// <summary>Reads a single term and the names of its variables by <see cref="Variable.Index"/> (e.g. a query whose bindings are reported by name).</summary>
    public static (Term Term, IReadOnlyList<string> VariableNames) ParseTermWithVariables(string text, string sourceName = "<input>", PrologReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TermParser(new PrologLexer(text, sourceName), options ?? PrologReadOptions.Default);
        if (parser.AtEnd)
        {
            throw new ParseException(sourceName, 1, 1, "empty input where a term was expected");
        }

        return parser.ReadSingleTerm();
    }

    /// <summary>Reads a Prolog file (UTF-8; invalid bytes are reported as a syntax error with their position).</summary>
    public static async Task<PrologProgram> ReadFileAsync(string path, PrologReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(Decode(bytes), path, options);
    }

    /// <summary>Reads a Prolog file synchronously (for command-line tools and benchmarks).</summary>
    public static PrologProgram ReadFile(string path, PrologReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(Decode(File.ReadAllBytes(path)), path, options);
    }

    /// <summary>Decodes UTF-8 (with or without BOM); invalid sequences become U+FFFD, which the lexer reports with a position.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
