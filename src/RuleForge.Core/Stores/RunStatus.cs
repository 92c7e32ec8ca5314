namespace RuleForge.Core.Stores;

/// <summary>State of a persisted run; running and cancelled runs can be resumed.</summary>
public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
