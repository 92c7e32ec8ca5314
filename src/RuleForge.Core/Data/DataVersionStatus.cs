namespace RuleForge.Core.Data;

/// <summary>The state of a dataset version: open while its run is writing, then sealed.</summary>
public enum DataVersionStatus
{
    /// <summary>Its run is still adding batches.</summary>
    Open,

    /// <summary>Its run finished reading the source.</summary>
    Complete,

    /// <summary>Its run stopped early (a crash, an error, a limit); the committed records stay.</summary>
    Interrupted,
}
