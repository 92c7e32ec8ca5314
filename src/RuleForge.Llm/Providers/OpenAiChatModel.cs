using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using RuleForge.Core.Costs;
using RuleForge.Llm.Configuration;
using Rf = RuleForge.Core.Llm;

namespace RuleForge.Llm.Providers;

/// <summary>
/// A chat model over the official OpenAI SDK's Chat Completions client; the base URL makes it work with any
/// OpenAI-compatible server. The SDK's own retries are off: the resilience layer is the only retry layer.
/// </summary>
public sealed class OpenAiChatModel : Rf.IChatModel, IDisposable
{
    private const string Provider = "openai";
    private readonly LlmSettings _settings;
    private readonly TimeProvider _time;
    private readonly OpenAIClient _client;
    private readonly HttpClient _http;

    /// <param name="settings">Model, base URL, key and request defaults.</param>
    /// <param name="time">Measures latency.</param>
    /// <param name="handler">The HTTP handler (tests and benchmarks may pass their own; disposed with the model); null: the process's shared pooled handler.</param>
    public OpenAiChatModel(LlmSettings settings, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? SharedHttpHandler.Instance, disposeHandler: handler is not null)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // The resilience layer's per-call timeout governs.
        };
        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = System.Threading.Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(_http),
        };
        if (settings.BaseUrl is { } baseUrl)
        {
            options.Endpoint = baseUrl;
        }

        var key = settings.ApiKey?.Reveal() ?? (settings.BaseUrl is not null ? "no-key" : throw new RuleForge.Core.Errors.InputException($"no API key for openai: set ${LlmProviders.ApiKeyVariable(LlmProvider.OpenAi)} (or give a base URL of a server that needs none)"));
        _client = new OpenAIClient(new ApiKeyCredential(key), options);
    }

    public string Name => _settings.Name;

    public async Task<Rf.ChatResponse> CompleteAsync(Rf.ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model ?? _settings.Model;
        var chat = _client.GetChatClient(model);
        var messages = request.Messages.Select(ToSdk).ToList();
        var options = Options(request);
        var started = _time.GetTimestamp();
        ChatCompletion completion;
        try
        {
            completion = (await chat.CompleteChatAsync(messages, options, cancellationToken)).Value;
        }
        catch (ClientResultException e) when (e.Status > 0)
        {
            var raw = e.GetRawResponse();
            string? retryAfter = null;
            raw?.Headers.TryGetValue("Retry-After", out retryAfter);
            throw ProviderErrors.FromStatus(Provider, e.Status, ErrorDetail(raw), Errors.RetryAfterHeader.Parse(retryAfter, _time.GetUtcNow()), _settings.ApiKey);
        }
        catch (ClientResultException e)
        {
            throw ProviderErrors.Network(Provider, e, _settings.ApiKey);
        }
        catch (HttpRequestException e)
        {
            throw ProviderErrors.Network(Provider, e, _settings.ApiKey);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw ProviderErrors.InvalidResponse(Provider, e.Message, _settings.ApiKey);
        }

        var latency = _time.GetElapsedTime(started);
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return new Rf.ChatResponse
        {
            Text = text,
            Model = completion.Model ?? model,
            FinishReason = FinishReason(completion),
            Usage = new Usage
            {
                Requests = 1,
                PromptTokens = completion.Usage?.InputTokenCount ?? 0,
                CompletionTokens = completion.Usage?.OutputTokenCount ?? 0,
                Latency = latency,
            },
        };
    }

    public void Dispose() => _http.Dispose();

    private static string? FinishReason(ChatCompletion completion)
    {
        try
        {
            return completion.FinishReason switch
            {
                ChatFinishReason.Stop => "stop",
                ChatFinishReason.Length => "length",
                ChatFinishReason.ContentFilter => "content_filter",
                ChatFinishReason.ToolCalls => "tool_calls",
                ChatFinishReason.FunctionCall => "function_call",
                _ => null,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // An unknown finish reason from a compatible server is not an error.
        }
    }

    private ChatCompletionOptions Options(Rf.ChatRequest request)
    {
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = request.MaxTokens ?? _settings.MaxTokens,
        };
        if ((request.Temperature ?? _settings.Temperature) is { } temperature)
        {
            options.Temperature = (float)temperature;
        }

#pragma warning disable OPENAI001 // Seed is marked experimental by the SDK; it is part of the Chat Completions API.
        if ((request.Seed ?? _settings.Seed) is { } seed)
        {
            options.Seed = seed;
        }
#pragma warning restore OPENAI001

        foreach (var stop in request.Stop)
        {
            options.StopSequences.Add(stop);
        }

        if (request.JsonMode || _settings.JsonMode)
        {
            options.ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat();
        }

        return options;
    }

    private static ChatMessage ToSdk(Rf.ChatMessage message) => message.Role switch
    {
        Rf.ChatRole.System => new SystemChatMessage(message.Content),
        Rf.ChatRole.Assistant => new AssistantChatMessage(message.Content),
        _ => new UserChatMessage(message.Content),
    };

    private static string? ErrorDetail(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.GetString() : error.ToString();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON: fall back to the reason phrase.
        }

        return response.ReasonPhrase;
    }
}
