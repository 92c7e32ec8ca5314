namespace RuleForge.Testing.Http;

/// <summary>A request <see cref="StubHttpServer"/> received: method, path with query, headers.</summary>
public sealed record StubRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A query parameter's value, or null.</summary>
    public string? Query(string name) => System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + PathAndQuery).Query)[name];
}
