using RuleForge.Core.Errors;

namespace RuleForge.EventCalculus.Prolog;

/// <summary>A Prolog text could not be read: the message names the file, line and column (1-based).</summary>
public sealed class ParseException : InputException
{
    /// <summary>Creates a positioned syntax error.</summary>
    public ParseException(string file, int line, int column, string reason)
        : base($"{file}:{line}:{column}: syntax error: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>Creates an unpositioned error (prefer the positioned constructor).</summary>
    public ParseException()
        : this("<input>", 0, 0, "syntax error")
    {
    }

    /// <summary>Creates an unpositioned error (prefer the positioned constructor).</summary>
    public ParseException(string message)
        : base(message)
    {
        File = "<input>";
        Reason = message;
    }

    /// <summary>Creates an unpositioned error wrapping another (prefer the positioned constructor).</summary>
    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "<input>";
        Reason = message;
    }

    /// <summary>The file (or source name) that failed to read.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}
