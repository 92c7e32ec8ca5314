namespace RuleForge.Ingestion.Sources;

/// <summary>One HTTP answer, read whole: status, content type, body and the server's Retry-After.</summary>
internal sealed record HttpPage(int Status, string Reason, string? ContentType, string Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Too many requests or a server error: worth another attempt.</summary>
    public bool IsRetryable => Status is 408 or 429 || Status >= 500;
}
