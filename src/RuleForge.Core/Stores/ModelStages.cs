namespace RuleForge.Core.Stores;

/// <summary>Which stage changes are allowed: forward through the life cycle, Production back to Staging, and Archived only back to Staging (restore).</summary>
public static class ModelStages
{
    private static readonly Dictionary<ModelStage, ModelStage[]> Allowed = new()
    {
        [ModelStage.None] = [ModelStage.Staging, ModelStage.Archived],
        [ModelStage.Staging] = [ModelStage.Production, ModelStage.None, ModelStage.Archived],
        [ModelStage.Production] = [ModelStage.Archived, ModelStage.Staging],
        [ModelStage.Archived] = [ModelStage.Staging],
    };

    public static bool IsAllowed(ModelStage from, ModelStage to) => Allowed[from].Contains(to);

    /// <summary>Null when allowed, otherwise a message a user can act on.</summary>
    public static string? Explain(ModelStage from, ModelStage to) => IsAllowed(from, to)
        ? null
        : $"stage change {Name(from)} → {Name(to)} is not allowed; from {Name(from)} a model may move to {string.Join(" or ", Allowed[from].Select(Name))}";

    /// <summary>Parses a stage name case-insensitively; null when unknown.</summary>
    public static ModelStage? Parse(string text) => Enum.TryParse<ModelStage>(text, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s : null;

    public static string Name(ModelStage s) => s.ToString().ToLowerInvariant();
}
