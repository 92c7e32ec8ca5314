using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RuleForge.Testing.Http;

/// <summary>
/// A local HTTP server on 127.0.0.1 (HttpListener) whose answers a test decides per request; it records every
/// request. Tests of HTTP clients use it instead of the internet.
/// </summary>
public sealed class StubHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<StubRequest, int, StubResponse> _handler;
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private readonly Task _loop;
    private int _count;

    /// <param name="handler">The answer to a request; the int is the 0-based number of the request.</param>
    public StubHttpServer(Func<StubRequest, int, StubResponse> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Stopping the listener ends the loop.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var request = new StubRequest(
            context.Request.HttpMethod,
            context.Request.RawUrl ?? "/",
            context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase));
        _requests.Enqueue(request);
        StubResponse response;
        try
        {
            response = _handler(request, Interlocked.Increment(ref _count) - 1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            response = new StubResponse(500, e.Message, "text/plain");
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
