namespace RuleForge.Core.Stores;

/// <summary>Names one registered model version, e.g. <c>infl-ridge v3</c>.</summary>
public sealed record ModelRef(string Name, int Version)
{
    public override string ToString() => $"{Name} v{Version}";
}
