namespace RuleForge.EventCalculus.SimLp;

/// <summary>One pair of the optimal rule assignment in a partition; a null side is a dummy rule (a missing or extra rule).</summary>
/// <param name="GeneratedRule">The generated rule's index among the generated program's rules (null: dummy).</param>
/// <param name="ReferenceRule">The reference rule's index among the reference program's rules (null: dummy).</param>
/// <param name="GeneratedLine">The generated rule's first line.</param>
/// <param name="ReferenceLine">The reference rule's first line.</param>
/// <param name="Distance">The rule distance in [0, 1].</param>
public sealed record RuleMatch(int? GeneratedRule, int? ReferenceRule, int? GeneratedLine, int? ReferenceLine, double Distance);
