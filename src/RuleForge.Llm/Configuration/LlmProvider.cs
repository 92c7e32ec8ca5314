namespace RuleForge.Llm.Configuration;

/// <summary>Which API a chat model speaks.</summary>
public enum LlmProvider
{
    /// <summary>The OpenAI Chat Completions API (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp, LM Studio via a base URL).</summary>
    OpenAi,

    /// <summary>The Anthropic Messages API.</summary>
    Anthropic,
}
