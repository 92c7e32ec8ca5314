using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuleForge.Core.Llm;

namespace RuleForge.Testing.Chat;

/// <summary>
/// A local chat-model server on 127.0.0.1 (free port) speaking the OpenAI Chat Completions API
/// (<c>POST /v1/chat/completions</c>) and the Anthropic Messages API (<c>POST /v1/messages</c>), so the real SDK
/// clients can be tested offline. Replies come from a queue of <see cref="ScriptedReply"/>s (then from
/// <see cref="DefaultReply"/>), with latency and faults; every request is recorded (without API keys).
/// Tests synchronise with <see cref="WaitForRequestAsync"/>, never by sleeping.
/// </summary>
public sealed class ChatTestServer : IAsyncDisposable
{
    private static readonly HashSet<string> KeyHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "x-api-key", "api-key" };
    private readonly Lock _lock = new();
    private readonly Queue<ScriptedReply> _queue = new();
    private readonly List<RecordedChatRequest> _requests = [];
    private readonly Dictionary<int, TaskCompletionSource<RecordedChatRequest>> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private WebApplication? _app;

    private ChatTestServer(TimeProvider time) => _time = time;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c> (the Anthropic SDK's base URL).</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The OpenAI-style base URL, <c>http://127.0.0.1:PORT/v1</c> (for OPENAI_BASE_URL / --base-url).</summary>
    public Uri OpenAiBaseUrl => new(BaseUri, "v1");

    /// <summary>The Anthropic base URL (the server root).</summary>
    public Uri AnthropicBaseUrl => BaseUri;

    /// <summary>The reply when the queue is empty (default: the text <c>ok</c>).</summary>
    public Func<RecordedChatRequest, ScriptedReply> DefaultReply { get; set; } = _ => ScriptedReply.Reply("ok");

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedChatRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int RequestCount
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Starts a server on a free loopback port; <paramref name="time"/> times the scripted latencies (default: real time).</summary>
    public static async Task<ChatTestServer> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var server = new ChatTestServer(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", context => server.HandleAsync(ChatApi.OpenAi, context));
        app.MapPost("/v1/messages", context => server.HandleAsync(ChatApi.Anthropic, context));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        server._app = app;
        return server;
    }

    /// <summary>Queues replies, answered in order by the next requests (either API).</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        lock (_lock)
        {
            foreach (var reply in replies)
            {
                _queue.Enqueue(reply);
            }
        }
    }

    /// <summary>Completes when the <paramref name="number"/>-th request (1-based) has arrived.</summary>
    public Task<RecordedChatRequest> WaitForRequestAsync(int number, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        lock (_lock)
        {
            if (_requests.Count >= number)
            {
                return Task.FromResult(_requests[number - 1]);
            }

            if (!_waiters.TryGetValue(number, out var waiter))
            {
                _waiters[number] = waiter = new TaskCompletionSource<RecordedChatRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(ChatApi api, HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var sentKey = context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey
            ? apiKey
            : context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        RecordedChatRequest request;
        ScriptedReply reply;
        TaskCompletionSource<RecordedChatRequest>? waiter;
        lock (_lock)
        {
            request = Parse(api, context, body, _requests.Count + 1, sentKey.Length > 0);
            _requests.Add(request);
            _waiters.Remove(request.Number, out waiter);
            reply = _queue.Count > 0 ? _queue.Dequeue() : DefaultReply(request);
        }

        waiter?.TrySetResult(request);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            if (reply.Latency > TimeSpan.Zero)
            {
                await Task.Delay(reply.Latency, _time, linked.Token);
            }

            await RespondAsync(api, context, request, reply, sentKey, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (timeout test) or the server is stopping: nothing to send.
        }
    }

    private async Task RespondAsync(ChatApi api, HttpContext context, RecordedChatRequest request, ScriptedReply reply, string sentKey, CancellationToken cancellationToken)
    {
        var response = context.Response;
        switch (reply.Fault)
        {
            case ChatFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return;
            case ChatFault.MalformedBody:
                response.StatusCode = 200;
                response.ContentType = "application/json";
                await response.WriteAsync("{\"id\": \"broken\", \"choices\": [ {", cancellationToken);
                return;
            case ChatFault.RateLimited:
                if (reply.RetryAfter is { } retryAfter)
                {
                    response.Headers.RetryAfter = retryAfter;
                }

                await ErrorAsync(api, response, 429, "rate_limit_error", "Rate limit reached for requests", cancellationToken);
                return;
            case ChatFault.ServerError:
                await ErrorAsync(api, response, 500, "api_error", "The server had an error while processing your request", cancellationToken);
                return;
            case ChatFault.Unauthorized:
                await ErrorAsync(api, response, 401, "authentication_error", $"Incorrect API key provided: {sentKey}", cancellationToken);
                return;
            case ChatFault.BadRequest:
                await ErrorAsync(api, response, 400, "invalid_request_error", "The request is invalid", cancellationToken);
                return;
        }

        var json = api == ChatApi.OpenAi ? OpenAiReply(request, reply) : AnthropicReply(request, reply);
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.WriteAsync(json.ToJsonString(), cancellationToken);
    }

    private JsonObject OpenAiReply(RecordedChatRequest request, ScriptedReply reply) => new()
    {
        ["id"] = $"chatcmpl-{request.Number}",
        ["object"] = "chat.completion",
        ["created"] = _time.GetUtcNow().ToUnixTimeSeconds(),
        ["model"] = request.Model ?? "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
            ["logprobs"] = null,
            ["finish_reason"] = reply.FinishReason,
        }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = reply.PromptTokens,
            ["completion_tokens"] = reply.CompletionTokens,
            ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
        },
    };

    private static JsonObject AnthropicReply(RecordedChatRequest request, ScriptedReply reply) => new()
    {
        ["id"] = $"msg_{request.Number}",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Model ?? "test-model",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Text }),
        ["stop_reason"] = reply.FinishReason switch { "length" => "max_tokens", "stop" => "end_turn", var other => other },
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = reply.PromptTokens, ["output_tokens"] = reply.CompletionTokens },
    };

    private static async Task ErrorAsync(ChatApi api, HttpResponse response, int status, string type, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        var json = api == ChatApi.OpenAi
            ? new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = null } }
            : new JsonObject { ["type"] = "error", ["error"] = error };
        await response.WriteAsync(json.ToJsonString(), cancellationToken);
    }

    private static RecordedChatRequest Parse(ChatApi api, HttpContext context, string body, int number, bool hadKey)
    {
        var headers = context.Request.Headers
            .Where(h => !KeyHeaders.Contains(h.Key))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var messages = new List<ChatMessage>();
        string? model = null;
        double? temperature = null;
        int? maxTokens = null;
        long? seed = null;
        var stop = new List<string>();
        var jsonMode = false;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            model = Str(root, "model");
            temperature = root.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
            maxTokens = (root.TryGetProperty("max_completion_tokens", out var m) || root.TryGetProperty("max_tokens", out m)) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
            seed = root.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
            if (root.TryGetProperty(api == ChatApi.OpenAi ? "stop" : "stop_sequences", out var stops))
            {
                stop.AddRange(stops.ValueKind == JsonValueKind.Array ? stops.EnumerateArray().Select(x => x.GetString() ?? "") : [stops.GetString() ?? ""]);
            }

            jsonMode = root.TryGetProperty("response_format", out var format) && Str(format, "type") == "json_object";
            if (api == ChatApi.Anthropic && root.TryGetProperty("system", out var system))
            {
                messages.Add(new ChatMessage(ChatRole.System, Text(system)));
            }

            if (root.TryGetProperty("messages", out var list))
            {
                foreach (var message in list.EnumerateArray())
                {
                    var role = Str(message, "role") switch
                    {
                        "system" or "developer" => ChatRole.System,
                        "assistant" => ChatRole.Assistant,
                        _ => ChatRole.User,
                    };
                    messages.Add(new ChatMessage(role, message.TryGetProperty("content", out var content) ? Text(content) : ""));
                }
            }
        }
        catch (JsonException)
        {
            // A body that is not JSON is recorded raw with no messages; the test decides what that means.
        }

        return new RecordedChatRequest
        {
            Number = number,
            Api = api,
            Path = context.Request.Path.Value ?? "",
            Model = model,
            Messages = messages,
            Temperature = temperature,
            MaxTokens = maxTokens,
            Seed = seed,
            Stop = stop,
            JsonMode = jsonMode,
            HadApiKey = hadKey,
            Headers = headers,
            Body = body,
        };
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Content is a string or an array of parts ({type: text, text}).
    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part => Str(part, "text") ?? "")),
        _ => "",
    };

    /// <summary>Formats seconds for a Retry-After header.</summary>
    public static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
