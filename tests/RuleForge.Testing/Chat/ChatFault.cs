namespace RuleForge.Testing.Chat;

/// <summary>What the <see cref="ChatTestServer"/> does instead of a normal reply.</summary>
public enum ChatFault
{
    None,

    /// <summary>429 with an optional Retry-After header.</summary>
    RateLimited,

    /// <summary>500 with an API error body.</summary>
    ServerError,

    /// <summary>401; the error body echoes the key received (as some servers do) to test redaction.</summary>
    Unauthorized,

    /// <summary>400 with an API error body.</summary>
    BadRequest,

    /// <summary>No reply until the client gives up (cancels) or the server stops.</summary>
    Hang,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedBody,
}
