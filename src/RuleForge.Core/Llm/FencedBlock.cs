namespace RuleForge.Core.Llm;

/// <summary>A fenced code block of a model's reply.</summary>
/// <param name="Language">The info string's first word (e.g. <c>prolog</c>), or "" when the fence has none.</param>
/// <param name="Content">The lines between the fences, joined with \n (no trailing newline).</param>
/// <param name="StartLine">1-based line of the opening fence in the reply.</param>
/// <param name="Closed">False when the reply ended before the closing fence (a truncated reply).</param>
public sealed record FencedBlock(string Language, string Content, int StartLine, bool Closed);
