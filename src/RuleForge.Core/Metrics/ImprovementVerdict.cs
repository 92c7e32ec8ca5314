namespace RuleForge.Core.Metrics;

/// <summary>Overall judgement of a subject against the base: every directed metric better, every one worse, some of each, none changed, or nothing comparable.</summary>
public enum ImprovementVerdict
{
    Unknown,
    Improved,
    Worse,
    Mixed,
    Unchanged,
}
