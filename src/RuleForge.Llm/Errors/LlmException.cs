using System.Net;

namespace RuleForge.Llm.Errors;

/// <summary>
/// A classified chat-call failure. Its message names the provider, the kind and the HTTP status, and never the API
/// key: server text is redacted, and SDK exceptions (which may echo request headers) are not kept as inner exceptions.
/// </summary>
public sealed class LlmException : Exception
{
    public LlmException()
    {
    }

    public LlmException(string message)
        : base(message)
    {
    }

    public LlmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlmException(LlmErrorKind kind, string message, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = status;
        RetryAfter = retryAfter;
    }

    public LlmErrorKind Kind { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Retries spent before giving up (set by the resilience layer).</summary>
    public int Retries { get; init; }

    /// <summary>Whether another attempt may succeed.</summary>
    public bool IsTransient => Kind is LlmErrorKind.RateLimit or LlmErrorKind.Server or LlmErrorKind.Timeout or LlmErrorKind.Network or LlmErrorKind.InvalidResponse;

    /// <summary>The kind an HTTP status maps to.</summary>
    public static LlmErrorKind Classify(int status) => status switch
    {
        401 or 403 => LlmErrorKind.Auth,
        429 => LlmErrorKind.RateLimit,
        408 => LlmErrorKind.Timeout,
        >= 500 => LlmErrorKind.Server,
        _ => LlmErrorKind.BadRequest,
    };

    /// <summary>A copy that also reports <paramref name="retries"/>.</summary>
    public LlmException WithRetries(int retries) =>
        new(Kind, Message, StatusCode, RetryAfter, InnerException) { Retries = retries };
}
