namespace RuleForge.Core.Llm;

/// <summary>Who speaks in a chat exchange.</summary>
public enum ChatRole
{
    System,
    User,
    Assistant,
}
