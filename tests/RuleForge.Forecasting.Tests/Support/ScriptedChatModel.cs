using RuleForge.Core.Costs;
using RuleForge.Core.Llm;

namespace RuleForge.Forecasting.Tests.Support;

/// <summary>A chat model that answers from a script and records the requests it got.</summary>
internal sealed class ScriptedChatModel(params string[] replies) : IChatModel
{
    private int _next;

    public List<ChatRequest> Requests { get; } = [];

    public string Name => "scripted/test";

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var text = replies[Math.Min(_next++, replies.Length - 1)];
        return Task.FromResult(new ChatResponse { Text = text, Usage = new Usage { Requests = 1, PromptTokens = 100, CompletionTokens = 20 }, Model = "scripted" });
    }
}
