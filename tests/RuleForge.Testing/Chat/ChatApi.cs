namespace RuleForge.Testing.Chat;

/// <summary>Which API a request to the <see cref="ChatTestServer"/> used.</summary>
public enum ChatApi
{
    /// <summary><c>POST /v1/chat/completions</c></summary>
    OpenAi,

    /// <summary><c>POST /v1/messages</c></summary>
    Anthropic,
}
