using RuleForge.Core.Costs;
using RuleForge.Core.Llm;

namespace RuleForge.Bench.EcLoop;

/// <summary>A chat model that answers at once with the same reply: what remains of an iteration's time is the loop's own work and the evaluation.</summary>
internal sealed class InstantChat(string reply) : IChatModel
{
    public string Name => "bench/instant";

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ChatResponse { Text = reply, Model = "instant", Usage = new Usage { Requests = 1, PromptTokens = 1000, CompletionTokens = 300 } });
}
