using System.Text.Json;
using System.Text.RegularExpressions;
using RuleForge.Core.Errors;

namespace RuleForge.Core.Serialization;

/// <summary>Bad JSON input: says which file (or stream), which field and which line, in words a user can act on.</summary>
public sealed partial class JsonFormatException : InputException
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
        var line = e.LineNumber is { } l ? l + 1 : (long?)null;
        return new JsonFormatException(source, InUserTerms(detail), e.Path, line);
    }

    /// <summary>System.Text.Json names .NET types and members; a user knows the document's kinds and fields instead.</summary>
    private static string InUserTerms(string detail)
    {
        if (UnmappedMember().Match(detail) is { Success: true } unknown)
        {
            var type = unknown.Groups["type"].Value;
            var fields = FieldsOf(type);
            return fields is null
                ? $"unknown field '{unknown.Groups["field"].Value}' in {Kind(type)}"
                : $"unknown field '{unknown.Groups["field"].Value}': {Kind(type)} has the fields {string.Join(", ", fields)}";
        }

        if (MissingMembers().Match(detail) is { Success: true } missing)
        {
            return $"{Kind(missing.Groups["type"].Value)} needs the field(s) {missing.Groups["fields"].Value.TrimEnd('.')}";
        }

        return detail;
    }

    /// <summary>The JSON field names of the RuleForge type called <paramref name="typeName"/>, or null when it is not found.</summary>
    private static IReadOnlyList<string>? FieldsOf(string typeName)
    {
        var type = typeof(JsonFormatException).Assembly.GetType(typeName);
        return type is null ? null : CanonicalJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
    }

    /// <summary>"RuleForge.Core.Rules.RulePatch" → "a rule patch".</summary>
    private static string Kind(string typeName)
    {
        var name = typeName.Split('`')[0].Split('.', '+')[^1];
        var words = WordStart().Replace(name, " ").ToLowerInvariant();
        return ("aeiou".Contains(words[0], StringComparison.Ordinal) ? "an " : "a ") + words;
    }

    [GeneratedRegex("^The JSON property '(?<field>.*)' could not be mapped to any \\.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("^JSON deserialization for type '(?<type>[^']+)' was missing required properties(,)? including: (?<fields>.+)$")]
    private static partial Regex MissingMembers();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordStart();

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
