namespace RuleForge.Ingestion.Running;

/// <summary>How a source's ingestion ended.</summary>
public enum SourceStatus
{
    /// <summary>Still reading (progress reports only).</summary>
    Running,

    /// <summary>Read to the end.</summary>
    Ok,

    /// <summary>Stopped by an error; what was committed before it stays.</summary>
    Failed,

    /// <summary>Stopped by a daily call, byte or cost limit.</summary>
    Limited,
}
