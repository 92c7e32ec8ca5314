namespace RuleForge.Core.Llm;

/// <summary>A chat model seen from the domains: messages in, text and usage out. Providers live in RuleForge.Llm.</summary>
public interface IChatModel
{
    /// <summary>Provider and model, for provenance, e.g. <c>openai/gpt-4o-mini</c>.</summary>
    string Name { get; }

    Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken);
}
