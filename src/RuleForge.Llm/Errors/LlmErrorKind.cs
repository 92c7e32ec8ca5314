namespace RuleForge.Llm.Errors;

/// <summary>Why a chat call failed; decides whether it is retried.</summary>
public enum LlmErrorKind
{
    /// <summary>401/403: the key is missing, wrong or lacks access. Not retried.</summary>
    Auth,

    /// <summary>429: too many requests or tokens. Retried after Retry-After.</summary>
    RateLimit,

    /// <summary>400/404/422: the request itself is wrong (unknown model, too long). Not retried.</summary>
    BadRequest,

    /// <summary>5xx: the provider failed. Retried.</summary>
    Server,

    /// <summary>The attempt took longer than the per-call timeout. Retried.</summary>
    Timeout,

    /// <summary>The connection failed or dropped. Retried.</summary>
    Network,

    /// <summary>The reply could not be read (malformed JSON, no content). Retried.</summary>
    InvalidResponse,

    /// <summary>Too many recent failures: the circuit breaker refuses calls for a while. Not retried.</summary>
    CircuitOpen,
}
