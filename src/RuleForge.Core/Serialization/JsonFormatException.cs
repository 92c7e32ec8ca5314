using System.Text.Json;
using RuleForge.Core.Errors;

namespace RuleForge.Core.Serialization;

/// <summary>Bad JSON input: says which file (or stream), which field and which line, in words a user can act on.</summary>
public sealed class JsonFormatException : InputException
{
    public JsonFormatException(string source, string detail, string? path = null, long? line = null)
        : base(Compose(source, detail, path, line))
    {
        Origin = source;
        Path = path;
        Line = line;
    }

    public JsonFormatException()
    {
    }

    public JsonFormatException(string message)
        : base(message)
    {
    }

    public JsonFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file or stream the JSON came from.</summary>
    public string? Origin { get; }

    /// <summary>JSON path of the offending field, e.g. <c>$.body.conditions[0].operator</c>.</summary>
    public string? Path { get; }

    /// <summary>1-based line of the error, when known.</summary>
    public long? Line { get; }

    internal static JsonFormatException From(string source, JsonException e)
    {
        // System.Text.Json's own message repeats path and position; keep only its first sentence.
        var detail = e.Message.Split(" Path:", 2)[0].Trim();
        detail = detail.Replace("The JSON property", "unknown field", StringComparison.Ordinal)
            .Replace("could not be mapped to any .NET member contained in type", "is not a field of", StringComparison.Ordinal);
        var line = e.LineNumber is { } l ? l + 1 : (long?)null;
        return new JsonFormatException(source, detail, e.Path, line);
    }

    private static string Compose(string source, string detail, string? path, long? line)
    {
        var where = source;
        if (line is not null)
        {
            where += $":{line}";
        }

        if (!string.IsNullOrEmpty(path) && path != "$")
        {
            where += $" (at {path})";
        }

        return $"{where}: {detail}";
    }
}
