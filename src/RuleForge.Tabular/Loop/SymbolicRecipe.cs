using RuleForge.Core.Serialization;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// How the symbolic generator produced a candidate — enough to reproduce it or retrain it on more rows.
/// Kept as the candidate's raw response (canonical JSON).
/// </summary>
public sealed record SymbolicRecipe
{
    public int Seed { get; init; } = 1;

    public double MinWeight { get; init; } = 2.0;

    /// <summary>Rules whose Laplace precision on the training rows they fire on is below this are dropped (0 keeps all).</summary>
    public double PrecisionFloor { get; init; }

    /// <summary>RIPPER runs on different grow/prune splits (seeds Seed, Seed+1000, …); the simplest within 64 bits of the smallest description length is kept.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Why this recipe was chosen, in words.</summary>
    public string Reason { get; init; } = "";

    public string ToJson() => CanonicalJson.Serialize(this);

    /// <summary>The recipe in a candidate's raw response, or null when the candidate came from elsewhere.</summary>
    public static SymbolicRecipe? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || !json.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return CanonicalJson.Deserialize<SymbolicRecipe>(json, "recipe");
        }
        catch (JsonFormatException)
        {
            return null;
        }
    }
}
