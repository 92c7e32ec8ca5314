namespace RuleForge.Llm.Configuration;

/// <summary>
/// An API key that never prints itself: <see cref="ToString"/> (and so records, logs and exception text holding it)
/// shows <c>***</c>; only the providers call <see cref="Reveal"/>.
/// </summary>
public sealed class ApiKey
{
    private readonly string _value;

    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>Where the key came from, safe to print (e.g. <c>$OPENAI_API_KEY</c>).</summary>
    public string Source { get; init; } = "configuration";

    /// <summary>The secret itself, for the SDK client only.</summary>
    public string Reveal() => _value;

    /// <summary>Removes the key from <paramref name="text"/> (server error bodies sometimes echo it).</summary>
    public string Redact(string text) => string.IsNullOrEmpty(text) ? text : text.Replace(_value, "***", StringComparison.Ordinal);

    public override string ToString() => "***";
}
