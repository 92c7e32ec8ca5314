namespace RuleForge.Testing.Http;

/// <summary>What <see cref="StubHttpServer"/> answers: status, content type, body and extra headers.</summary>
public sealed record StubResponse(int Status, string Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static StubResponse Json(string body) => new(200, body);
}
