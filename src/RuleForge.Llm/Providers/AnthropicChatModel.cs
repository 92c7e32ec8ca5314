using System.Net;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using RuleForge.Core.Errors;
using RuleForge.Llm.Configuration;
using Rf = RuleForge.Core.Llm;

namespace RuleForge.Llm.Providers;

/// <summary>
/// A chat model over the official Anthropic SDK's Messages API. System messages become the system prompt. The SDK's
/// own retries are off (the resilience layer retries). Temperature goes into the raw body (the SDK has no typed
/// property for it); seed and JSON mode do not exist in this API.
/// </summary>
public sealed class AnthropicChatModel : Rf.IChatModel, IDisposable
{
    private const string Provider = "anthropic";
    private readonly LlmSettings _settings;
    private readonly TimeProvider _time;
    private readonly AnthropicClient _client;
    private readonly HttpClient _http;

    /// <param name="settings">Model, base URL, key and request defaults.</param>
    /// <param name="time">Measures latency.</param>
    /// <param name="handler">The HTTP handler (tests may pass their own; disposed with the model); null: the process's shared pooled handler.</param>
    public AnthropicChatModel(LlmSettings settings, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time ?? TimeProvider.System;
        // The capture handler holds nothing of its own: with the shared handler it is left undisposed so the pool lives on.
        _http = new HttpClient(new ResponseHeaderCapture(handler ?? SharedHttpHandler.Instance), disposeHandler: handler is not null) { Timeout = Timeout.InfiniteTimeSpan };
        var key = settings.ApiKey?.Reveal() ?? (settings.BaseUrl is not null ? "no-key" : throw new InputException($"no API key for anthropic: set ${LlmProviders.ApiKeyVariable(LlmProvider.Anthropic)}"));
        var options = new ClientOptions
        {
            ApiKey = key,
            MaxRetries = 0,
            Timeout = TimeSpan.FromDays(1), // The resilience layer's per-call timeout governs.
            HttpClient = _http,
        };
        if (settings.BaseUrl is { } baseUrl)
        {
            options.BaseUrl = baseUrl.ToString().TrimEnd('/');
        }

        _client = new AnthropicClient(options);
    }

    public string Name => _settings.Name;

    public async Task<Rf.ChatResponse> CompleteAsync(Rf.ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model ?? _settings.Model;
        var system = string.Join("\n\n", request.Messages.Where(m => m.Role == Rf.ChatRole.System).Select(m => m.Content));
        var parameters = new MessageCreateParams
        {
            Model = model,
            MaxTokens = request.MaxTokens ?? _settings.MaxTokens,
            Messages = request.Messages.Where(m => m.Role != Rf.ChatRole.System).Select(ToSdk).ToList(),
        };
        if (request.Stop.Count > 0)
        {
            parameters = parameters with { StopSequences = request.Stop.ToList() };
        }

        if (system.Length > 0)
        {
            parameters = parameters with { System = system };
        }

        if ((request.Temperature ?? _settings.Temperature) is { } temperature)
        {
            // The SDK has no typed temperature; the Messages API accepts it, so it goes into the raw body.
            var body = new Dictionary<string, System.Text.Json.JsonElement>(parameters.RawBodyData)
            {
                ["temperature"] = System.Text.Json.JsonSerializer.SerializeToElement(temperature),
            };
            parameters = new MessageCreateParams(new Dictionary<string, System.Text.Json.JsonElement>(), new Dictionary<string, System.Text.Json.JsonElement>(), body)
            {
                Model = parameters.Model,
                MaxTokens = parameters.MaxTokens,
                Messages = parameters.Messages,
            };
        }

        var capture = ResponseHeaderCapture.Begin();
        var started = _time.GetTimestamp();
        Message message;
        try
        {
            message = await _client.Messages.Create(parameters, cancellationToken);
        }
        catch (AnthropicApiException e)
        {
            var status = (int)e.StatusCode;
            throw ProviderErrors.FromStatus(Provider, status, e.ResponseBody, Errors.RetryAfterHeader.Parse(capture.Value, _time.GetUtcNow()), _settings.ApiKey);
        }
        catch (AnthropicIOException e)
        {
            throw ProviderErrors.Network(Provider, e, _settings.ApiKey);
        }
        catch (HttpRequestException e)
        {
            throw ProviderErrors.Network(Provider, e, _settings.ApiKey);
        }
        catch (Exception e) when (e is AnthropicInvalidDataException or AnthropicException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw ProviderErrors.InvalidResponse(Provider, e.Message, _settings.ApiKey);
        }

        var latency = _time.GetElapsedTime(started);
        string text;
        long promptTokens;
        long completionTokens;
        string? stop;
        try
        {
            text = string.Concat(message.Content.Select(block => block.TryPickText(out var t) ? t.Text : ""));
            promptTokens = message.Usage.InputTokens;
            completionTokens = message.Usage.OutputTokens;
            stop = message.StopReason?.Raw();
        }
        catch (Exception e) when (e is AnthropicException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw ProviderErrors.InvalidResponse(Provider, e.Message, _settings.ApiKey);
        }

        return new Rf.ChatResponse
        {
            Text = text,
            Model = model,
            FinishReason = stop,
            Usage = new RuleForge.Core.Costs.Usage { Requests = 1, PromptTokens = promptTokens, CompletionTokens = completionTokens, Latency = latency },
        };
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }

    private static MessageParam ToSdk(Rf.ChatMessage message) => message.Role == Rf.ChatRole.Assistant
        ? new AssistantMessageParam(message.Content)
        : new UserMessageParam(message.Content);
}
