using System.Runtime.CompilerServices;

namespace RuleForge.Llm.Providers;

/// <summary>
/// Remembers the Retry-After header of the last response seen in the current async flow: the Anthropic SDK's
/// exceptions do not carry response headers, so this handler sits in its HttpClient.
/// </summary>
internal sealed class ResponseHeaderCapture : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox<string?>?> Slot = new();

    public ResponseHeaderCapture(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Starts capturing for the calls made from here on in this async flow.</summary>
    public static StrongBox<string?> Begin()
    {
        var box = new StrongBox<string?>();
        Slot.Value = box;
        return box;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (Slot.Value is { } box)
        {
            box.Value = response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
        }

        return response;
    }
}
