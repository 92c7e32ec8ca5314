namespace RuleForge.Core.Data;

/// <summary>A record that failed to parse or validate, kept with the reason instead of being dropped.</summary>
/// <param name="SourceRef">Where it was read (<c>file:line</c>, URL, row).</param>
/// <param name="Reason">Why it was refused, naming the field where known.</param>
/// <param name="Raw">The raw text (truncated by the store when very long), or null.</param>
public sealed record QuarantineInput(string SourceRef, string Reason, string? Raw);
