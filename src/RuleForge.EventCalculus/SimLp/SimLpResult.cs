namespace RuleForge.EventCalculus.SimLp;

/// <summary>The SimLP comparison of a generated event description with a reference one.</summary>
/// <param name="Similarity">Sum of partition similarities over shared keys ÷ (shared keys + reference-only keys); 1 means identical up to variable names.</param>
/// <param name="Partitions">Every scored key (shared, then reference-only at 0), in key order.</param>
/// <param name="GeneratedOnly">Keys only the generated program defines (not scored).</param>
/// <param name="ReferenceOnly">Keys only the reference defines (scored 0).</param>
/// <param name="SharedCount">How many keys both programs define.</param>
/// <param name="GeneratedRules">How many rules and facts the generated program has.</param>
/// <param name="ReferenceRules">How many rules and facts the reference has.</param>
/// <param name="Feedback">Issues and Markdown at the requested detail.</param>
public sealed record SimLpResult(
    double Similarity,
    IReadOnlyList<PartitionResult> Partitions,
    IReadOnlyList<string> GeneratedOnly,
    IReadOnlyList<string> ReferenceOnly,
    int SharedCount,
    int GeneratedRules,
    int ReferenceRules,
    SimLpFeedback Feedback);
