using RuleForge.Core.Costs;
using RuleForge.Core.Llm;

namespace RuleForge.Tabular.Llm.Tests.Support;

/// <summary>A chat model that answers from a script, in order, and records every request it was sent.</summary>
internal sealed class ScriptedChatModel(params Func<ChatRequest, string>[] script) : IChatModel
{
    private int _next;

    public ScriptedChatModel(params string[] replies)
        : this(replies.Select(r => (Func<ChatRequest, string>)(_ => r)).ToArray())
    {
    }

    public List<ChatRequest> Requests { get; } = [];

    public string Name => "scripted/test";

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (_next >= script.Length)
        {
            throw new InvalidOperationException($"the script has {script.Length} replies; request {_next + 1} was not expected");
        }

        var text = script[_next++](request);
        var prompt = request.Messages.Sum(m => m.Content.Length) / 4;
        return Task.FromResult(new ChatResponse
        {
            Text = text,
            Model = "test-model",
            Usage = new Usage { Requests = 1, PromptTokens = prompt, CompletionTokens = text.Length / 4, CostUsd = 0.001m },
        });
    }

    /// <summary>The user message of request <paramref name="index"/> (0-based), the last one in the conversation.</summary>
    public string LastUserMessage(int index) => Requests[index].Messages.Last(m => m.Role == ChatRole.User).Content;
}
