namespace RuleForge.EventCalculus.Learning;

/// <summary>The outcome of an <see cref="EcLoop"/> run: its id, the generation order, each activity's outcome and the warnings.</summary>
public sealed record EcLoopResult(string RunId, string Domain, IReadOnlyList<string> Order, IReadOnlyList<ActivityOutcome> Activities, IReadOnlyList<string> Warnings);
