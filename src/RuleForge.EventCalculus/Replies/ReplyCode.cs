namespace RuleForge.EventCalculus.Replies;

/// <summary>The fenced code blocks of a reply and whether there is other text around them.</summary>
/// <param name="Blocks">Each block's language tag (may be empty) and content, in order.</param>
/// <param name="HasProse">Whether non-blank text lies outside the blocks.</param>
public sealed record ReplyCode(IReadOnlyList<(string Language, string Code)> Blocks, bool HasProse);
