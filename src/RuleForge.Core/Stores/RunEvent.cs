namespace RuleForge.Core.Stores;

/// <summary>Something notable in a run (a warning, a retry, drift detected, an error), kept with the run.</summary>
public sealed record RunEvent(DateTimeOffset At, string Kind, string Message, string? DataJson = null);
