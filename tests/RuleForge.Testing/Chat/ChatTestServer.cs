using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Net.Sockets;
using RuleForge.Core.Llm;

namespace RuleForge.Testing.Chat;

/// <summary>
/// A local chat-model server on 127.0.0.1 (free port; HttpListener, so test hosts need no ASP.NET framework) speaking the OpenAI Chat Completions API
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
    private readonly List<Task> _handlers = [];
    private HttpListener? _listener;
    private Task? _accepting;

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
    public static Task<ChatTestServer> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var server = new ChatTestServer(time ?? TimeProvider.System);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close(); // Another process took the port in between: pick another.
                continue;
            }

            server._listener = listener;
            server.BaseUri = new Uri($"http://127.0.0.1:{port}/");
            server._accepting = Task.Run(server.AcceptAsync, CancellationToken.None);
            return Task.FromResult(server);
        }
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
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Close();
        if (_accepting is not null)
        {
            await _accepting;
        }

        Task[] handlers;
        lock (_lock)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll(handlers);
        _stopping.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener!.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Stopped.
            }

            var path = context.Request.Url?.AbsolutePath ?? "";
            ChatApi? api = context.Request.HttpMethod != "POST" ? null
                : path == "/v1/chat/completions" ? ChatApi.OpenAi
                : path == "/v1/messages" ? ChatApi.Anthropic
                : null;
            // Started here, not through Task.Run: the handler runs until its first wait (the scripted latency) on this
            // thread, saving a thread-pool hop per request; the loop then goes back to accepting.
            var handler = api is { } a ? HandleAsync(a, context) : NotFoundAsync(context);
            lock (_lock)
            {
                _handlers.RemoveAll(t => t.IsCompleted);
                _handlers.Add(handler);
            }
        }
    }

    private static Task NotFoundAsync(HttpListenerContext context)
    {
        context.Response.StatusCode = 404;
        context.Response.Close();
        return Task.CompletedTask;
    }

    private async Task HandleAsync(ChatApi api, HttpListenerContext context)
    {
        byte[] bytes;
        using (var buffer = new MemoryStream(context.Request.ContentLength64 is > 0 and < int.MaxValue ? (int)context.Request.ContentLength64 : 4096))
        {
            await context.Request.InputStream.CopyToAsync(buffer, _stopping.Token);
            bytes = buffer.ToArray();
        }

        var body = Encoding.UTF8.GetString(bytes);

        var sentKey = context.Request.Headers["x-api-key"] is { Length: > 0 } apiKey
            ? apiKey
            : (context.Request.Headers["Authorization"] ?? "").Replace("Bearer ", "", StringComparison.Ordinal);
        RecordedChatRequest request;
        ScriptedReply reply;
        TaskCompletionSource<RecordedChatRequest>? waiter;
        lock (_lock)
        {
            request = Parse(api, context, bytes, body, _requests.Count + 1, sentKey.Length > 0);
            _requests.Add(request);
            _waiters.Remove(request.Number, out waiter);
            reply = _queue.Count > 0 ? _queue.Dequeue() : DefaultReply(request);
        }

        waiter?.TrySetResult(request);
        try
        {
            if (reply.Latency > TimeSpan.Zero)
            {
                await Task.Delay(reply.Latency, _time, _stopping.Token);
            }

            await RespondAsync(api, context.Response, request, reply, sentKey, _stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The server is stopping (a hang ends here) or the client went away: nothing more to send.
            context.Response.Abort();
        }
    }

    private async Task RespondAsync(ChatApi api, HttpListenerResponse response, RecordedChatRequest request, ScriptedReply reply, string sentKey, CancellationToken cancellationToken)
    {
        switch (reply.Fault)
        {
            case ChatFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return;
            case ChatFault.MalformedBody:
                await WriteAsync(response, 200, "{\"id\": \"broken\", \"choices\": [ {", cancellationToken);
                return;
            case ChatFault.RateLimited:
                if (reply.RetryAfter is { } retryAfter)
                {
                    response.Headers["Retry-After"] = retryAfter;
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
        await WriteAsync(response, 200, json, cancellationToken);
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = json.Length;
        await response.OutputStream.WriteAsync(json, cancellationToken);
        response.Close();
    }

    private static Task WriteAsync(HttpListenerResponse response, int status, string json, CancellationToken cancellationToken) =>
        WriteAsync(response, status, Encoding.UTF8.GetBytes(json), cancellationToken);

    // Written straight to UTF-8 (no JSON tree, no intermediate string): the server shares the process with what is measured.
    private ReadOnlyMemory<byte> OpenAiReply(RecordedChatRequest request, ScriptedReply reply) => Json(w =>
    {
        w.WriteString("id", $"chatcmpl-{request.Number}");
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", _time.GetUtcNow().ToUnixTimeSeconds());
        w.WriteString("model", request.Model ?? "test-model");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", reply.Text);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", reply.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", reply.PromptTokens);
        w.WriteNumber("completion_tokens", reply.CompletionTokens);
        w.WriteNumber("total_tokens", reply.PromptTokens + reply.CompletionTokens);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> AnthropicReply(RecordedChatRequest request, ScriptedReply reply) => Json(w =>
    {
        w.WriteString("id", $"msg_{request.Number}");
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", request.Model ?? "test-model");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", reply.Text);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("stop_reason", reply.FinishReason switch { "length" => "max_tokens", "stop" => "end_turn", var other => other });
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", reply.PromptTokens);
        w.WriteNumber("output_tokens", reply.CompletionTokens);
        w.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Json(Action<Utf8JsonWriter> properties)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            properties(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static async Task ErrorAsync(ChatApi api, HttpListenerResponse response, int status, string type, string message, CancellationToken cancellationToken)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        var json = api == ChatApi.OpenAi
            ? new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = null } }
            : new JsonObject { ["type"] = "error", ["error"] = error };
        await WriteAsync(response, status, json.ToJsonString(), cancellationToken);
    }

    private static RecordedChatRequest Parse(ChatApi api, HttpListenerContext context, byte[] bytes, string body, int number, bool hadKey)
    {
        var headers = context.Request.Headers.AllKeys
            .Where(k => k is not null && !KeyHeaders.Contains(k))
            .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        var messages = new List<ChatMessage>();
        string? model = null;
        double? temperature = null;
        int? maxTokens = null;
        long? seed = null;
        var stop = new List<string>();
        var jsonMode = false;
        try
        {
            using var document = JsonDocument.Parse(bytes);
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
            Path = context.Request.Url?.AbsolutePath ?? "",
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
