namespace RuleForge.Ingestion.Sources;

/// <summary>An HTTP source could not get records: an error status after retries, a non-JSON answer, a missing records path.</summary>
public sealed class HttpSourceException : Exception
{
    public HttpSourceException()
    {
    }

    public HttpSourceException(string message)
        : base(message)
    {
    }

    public HttpSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
