namespace RuleForge.Core.Llm;

/// <summary>One message of a chat exchange.</summary>
public sealed record ChatMessage(ChatRole Role, string Content);
