namespace RuleForge.Ingestion.Config;

/// <summary>How an HTTP source authenticates; secrets come from environment variables only, never from the file.</summary>
public sealed class AuthConfig
{
    /// <summary><c>apiKey</c> (a header), <c>bearer</c> or <c>basic</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>The header carrying an API key (default <c>X-Api-Key</c>).</summary>
    public string Header { get; set; } = "X-Api-Key";

    /// <summary>The environment variable holding the key, the token or (basic) the password.</summary>
    public string? Env { get; set; }

    /// <summary>The user name for basic authentication.</summary>
    public string? Username { get; set; }
}
