namespace RuleForge.Core.Stores;

/// <summary>Where a registered model version stands: None → Staging → Production → Archived.</summary>
public enum ModelStage
{
    None,
    Staging,
    Production,
    Archived,
}
