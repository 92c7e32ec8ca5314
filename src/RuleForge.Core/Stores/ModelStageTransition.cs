namespace RuleForge.Core.Stores;

/// <summary>One recorded stage change of a model version, with why it was made.</summary>
public sealed record ModelStageTransition(string Name, int Version, ModelStage From, ModelStage To, string Reason, DateTimeOffset At);
