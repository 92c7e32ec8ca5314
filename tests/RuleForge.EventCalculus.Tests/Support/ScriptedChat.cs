using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Testing.Rtec;

namespace RuleForge.EventCalculus.Tests.Support;

/// <summary>A chat model that answers with scripted replies in order and keeps every request (for the loop's unit tests).</summary>
internal sealed class ScriptedChat(params string[] replies) : IChatModel
{
    private readonly Queue<string> _replies = new(replies);

    public string Name => "scripted/test";

    public List<ChatRequest> Requests { get; } = [];

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (_replies.Count == 0)
        {
            throw new InvalidOperationException($"no scripted reply left for request {Requests.Count}");
        }

        return Task.FromResult(new ChatResponse
        {
            Text = _replies.Dequeue(),
            Model = "test-model",
            Usage = new Usage { Requests = 1, PromptTokens = 100, CompletionTokens = 20, Latency = TimeSpan.FromMilliseconds(7), CostUsd = 0.001m },
        });
    }

    /// <summary>The last user message of request <paramref name="n"/> (1-based).</summary>
    public string User(int n) => Requests[n - 1].Messages.Last(m => m.Role == ChatRole.User).Content;

    /// <summary>A reply with <paramref name="code"/> in a prolog fence.</summary>
    public static string Fenced(string code) => RtecSamples.Fenced(code);
}
